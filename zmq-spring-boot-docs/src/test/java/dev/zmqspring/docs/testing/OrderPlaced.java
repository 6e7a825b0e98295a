package dev.zmqspring.docs.testing;

public record OrderPlaced(String orderId, String sku, int quantity) {
}
