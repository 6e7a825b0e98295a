package dev.zmqspring.docs.receiving;

import jakarta.validation.constraints.NotBlank;

public record OrderPlaced(@NotBlank String orderId, String sku, int quantity) {
}
