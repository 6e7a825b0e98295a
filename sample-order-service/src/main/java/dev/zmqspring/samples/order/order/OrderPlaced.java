package dev.zmqspring.samples.order.order;

/**
 * Sent to inventory for every order (JSON on the wire).
 *
 * @param orderId the order's id
 * @param sku the SKU
 * @param quantity how many units
 */
public record OrderPlaced(long orderId, String sku, int quantity) {
}
