package dev.zmqspring.docs.receiving;

public record OrderPlaced(String orderId, String sku, int quantity) {
}
