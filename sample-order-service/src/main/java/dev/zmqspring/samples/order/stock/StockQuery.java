package dev.zmqspring.samples.order.stock;

/**
 * A stock query to inventory (JSON on the wire).
 *
 * @param sku the SKU
 */
public record StockQuery(String sku) {
}
