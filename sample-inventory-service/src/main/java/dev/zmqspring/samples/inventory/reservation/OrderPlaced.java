package dev.zmqspring.samples.inventory.reservation;

/**
 * An order placed in the order service (JSON on the wire). Each service declares the
 * messages it reads: they share a format, not a class.
 *
 * @param orderId the order's id in the order service
 * @param sku the SKU ordered
 * @param quantity how many units
 */
public record OrderPlaced(long orderId, String sku, int quantity) {
}
