package dev.zmqspring.docs.sending;

public record StockQuery(String sku) {
}
