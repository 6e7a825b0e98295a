package dev.zmqspring.samples.inventory.reservation;

/**
 * What inventory did with an order (JSON on the wire, back to the order service).
 *
 * @param orderId the order's id in the order service
 * @param status {@code RESERVED} or {@code REJECTED}
 * @param reason why it was rejected, or {@code null}
 */
public record OrderResult(long orderId, String status, String reason) {

	static OrderResult reserved(long orderId) {
		return new OrderResult(orderId, "RESERVED", null);
	}

	static OrderResult rejected(long orderId, String reason) {
		return new OrderResult(orderId, "REJECTED", reason);
	}

}
