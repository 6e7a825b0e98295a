package dev.zmqspring.samples.inventory.stock;

/**
 * A stock query from the order service (JSON on the wire).
 *
 * @param sku the SKU
 */
public record StockQuery(String sku) {
}
