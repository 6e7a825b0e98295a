package com.example.quickstart;

public record OrderPlaced(String orderId, String sku, int quantity) {
}
