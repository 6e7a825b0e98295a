package dev.zmqspring.docs.delivery;

import dev.zmqspring.annotation.ZmqListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The receiving side of docs/delivery.md. */
@Component
class ReservationListener {

	private final JdbcClient jdbc;

	ReservationListener(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// tag::reserve[]
	@ZmqListener(endpoint = "orders-in", idempotent = "true", concurrency = "4")
	void reserve(OrderPlaced order) {                  // runs once per message id, in a transaction
		this.jdbc.sql("update stock set available = available - ? where sku = ? and available >= ?")
			.params(order.quantity(), order.sku(), order.quantity())
			.update();                                 // commits with the id: a redelivery is recognised
	}
	// end::reserve[]

}
