package dev.zmqspring.docs.sending;

public record StockLevel(String sku, int available) {
}
