package dev.zmqspring.samples.order.stock;

/**
 * Inventory's answer to a {@link StockQuery} (JSON on the wire).
 *
 * @param sku the SKU
 * @param known whether inventory has this SKU
 * @param available units that can be reserved
 */
public record StockLevel(String sku, boolean known, int available) {
}
