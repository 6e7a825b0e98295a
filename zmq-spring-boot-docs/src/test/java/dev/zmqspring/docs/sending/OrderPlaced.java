package dev.zmqspring.docs.sending;

public record OrderPlaced(String orderId, String sku, int quantity) {
}
