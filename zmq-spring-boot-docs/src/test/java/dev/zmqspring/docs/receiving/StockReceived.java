package dev.zmqspring.docs.receiving;

public record StockReceived(String sku, int quantity) {
}
