package dev.zmqspring.docs.receiving;

import java.util.concurrent.CompletableFuture;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.support.ZmqHeaders;
import jakarta.validation.Valid;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/** The listeners of docs/receiving.md. */
@Component
class OrderListeners {

	private final Inventory inventory;

	OrderListeners(Inventory inventory) {
		this.inventory = inventory;
	}

	// tag::named[]
	@ZmqListener(id = "reservations", endpoint = "orders-in")         // an endpoint of application.yml
	void onOrder(OrderPlaced order) {                                   // JSON, read into the parameter's type
		this.inventory.reserve(order);
	}
	// end::named[]

	// tag::inline[]
	@ZmqListener(type = "REP", bind = "${stock.address:tcp://127.0.0.1:5556}")   // an endpoint of its own
	StockLevel stock(StockQuery query) {
		return this.inventory.level(query.sku());                                   // the return value is the reply
	}
	// end::inline[]

	// tag::later[]
	@ZmqListener(type = "REP", bind = "${warehouse.address:tcp://127.0.0.1:5558}")
	CompletableFuture<StockLevel> warehouseStock(StockQuery query) {
		return this.inventory.askWarehouse(query.sku());        // replies when it completes, on any thread
	}
	// end::later[]

	// tag::messaging[]
	@ZmqListener(endpoint = "priority-orders")
	void onPriorityOrder(@Payload @Valid OrderPlaced order,          // validated; a bad one goes to the error handler
			@Header("priority") int priority,                                // converted from the header's text
			@Header(name = "channel", defaultValue = "web") String channel) {
		this.inventory.reserveFirst(order, priority, channel);
	}
	// end::messaging[]

	// tag::repeated[]
	@ZmqListener(endpoint = "web-orders")
	@ZmqListener(endpoint = "shop-orders")
	void onAnyOrder(OrderPlaced order, ZmqHeaders headers) {
		this.inventory.reserveFrom(headers.get(ZmqHeaders.ENDPOINT), order);
	}
	// end::repeated[]

	// tag::topics[]
	@ZmqListener(endpoint = "events", topics = "user.", concurrency = "4")
	void onEvent(@ZmqTopic String topic, UserRegistered event, ZmqHeaders headers) {
		this.inventory.welcome(topic, event, headers.get("source"));
	}
	// end::topics[]

}
