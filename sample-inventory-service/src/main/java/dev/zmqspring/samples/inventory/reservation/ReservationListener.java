package dev.zmqspring.samples.inventory.reservation;

import dev.zmqspring.annotation.ZmqListener;
import jakarta.validation.Valid;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * Receives the order service's orders. {@code orders-in} is an at-least-once ROUTER
 * endpoint, so every order comes at least once (the order service keeps sending it until
 * this listener acknowledges it), and {@code idempotent = "true"} makes it run once per
 * message: a redelivered order is acknowledged without reserving stock again. Four
 * threads process orders side by side. An order that is not valid (no SKU, a quantity
 * below one) is dead-lettered at its first attempt.
 */
@Component
class ReservationListener {

	private static final Log logger = LogFactory.getLog(ReservationListener.class);

	private final ReservationService reservations;

	ReservationListener(ReservationService reservations) {
		this.reservations = reservations;
	}

	@ZmqListener(id = "reservations", endpoint = "orders-in", idempotent = "true", concurrency = "4")
	void onOrderPlaced(@Valid OrderPlaced order) {
		OrderResult result = this.reservations.reserve(order);
		logger.info("Order " + order.orderId() + " (" + order.quantity() + " x " + order.sku() + "): " + result.status()
				+ ((result.reason() != null) ? " (" + result.reason() + ")" : ""));
	}

}
