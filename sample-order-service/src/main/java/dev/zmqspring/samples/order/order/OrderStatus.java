package dev.zmqspring.samples.order.order;

/**
 * Where an order stands.
 */
public enum OrderStatus {

	/**
	 * Stored; inventory has not answered yet (it may be down: the message waits in the
	 * outbox).
	 */
	PENDING,

	/** Inventory reserved the stock. */
	RESERVED,

	/**
	 * Inventory could not reserve it (unknown SKU, not enough stock); the reason says
	 * which.
	 */
	REJECTED

}
