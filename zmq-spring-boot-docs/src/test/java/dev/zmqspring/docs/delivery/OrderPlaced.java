package dev.zmqspring.docs.delivery;

public record OrderPlaced(String orderId, String sku, int quantity) {
}
