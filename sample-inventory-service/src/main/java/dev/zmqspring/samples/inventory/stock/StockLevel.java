package dev.zmqspring.samples.inventory.stock;

/**
 * The answer to a stock query (JSON on the wire).
 *
 * @param sku the SKU asked about
 * @param known whether inventory has this SKU at all
 * @param available units that can still be reserved
 */
public record StockLevel(String sku, boolean known, int available) {
}
