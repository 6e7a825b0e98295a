package dev.zmqspring.samples.order.order;

/**
 * Inventory's answer to an {@link OrderPlaced} (JSON on the wire).
 *
 * @param orderId the order's id
 * @param status {@code RESERVED} or {@code REJECTED}
 * @param reason why it was rejected, or {@code null}
 */
public record OrderResult(long orderId, OrderStatus status, String reason) {
}
