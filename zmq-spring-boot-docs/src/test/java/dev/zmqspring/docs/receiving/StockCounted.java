package dev.zmqspring.docs.receiving;

public record StockCounted(String sku, int onHand) {
}
