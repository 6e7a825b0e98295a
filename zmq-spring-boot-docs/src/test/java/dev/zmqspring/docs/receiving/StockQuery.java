package dev.zmqspring.docs.receiving;

public record StockQuery(String sku) {
}
