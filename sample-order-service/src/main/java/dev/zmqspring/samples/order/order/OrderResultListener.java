package dev.zmqspring.samples.order.order;

import dev.zmqspring.annotation.ZmqListener;
import org.springframework.stereotype.Component;

/**
 * Receives inventory's results. {@code order-results-in} is an at-least-once ROUTER
 * endpoint: inventory keeps sending a result until this listener acknowledges it, and
 * {@code idempotent = "true"} applies each result once.
 */
@Component
class OrderResultListener {

	private final OrderService orders;

	OrderResultListener(OrderService orders) {
		this.orders = orders;
	}

	@ZmqListener(id = "order-results", endpoint = "order-results-in", idempotent = "true")
	void onResult(OrderResult result) {
		this.orders.complete(result);
	}

}
