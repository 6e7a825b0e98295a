package dev.zmqspring.samples.inventory.stock;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A stock query from the order service (JSON on the wire).
 *
 * @param sku the SKU
 */
public record StockQuery(@NotBlank @Size(max = 64) String sku) {
}
