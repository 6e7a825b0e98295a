package dev.zmqspring.docs.receiving;

public record StockLevel(String sku, int available) {
}
