package dev.zmqspring.docs.receiving;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

/** What the listeners of the receiving examples call: it only records what it was given. */
@Component
class Inventory {

	final List<OrderPlaced> reserved = new CopyOnWriteArrayList<>();

	final List<String> welcomed = new CopyOnWriteArrayList<>();

	final List<String> reservedFrom = new CopyOnWriteArrayList<>();

	void reserveFrom(String endpoint, OrderPlaced order) {
		this.reservedFrom.add(order.orderId() + " from " + endpoint);
	}

	void reserveFirst(OrderPlaced order, int priority, String channel) {
		this.reservedFrom.add(order.orderId() + " priority " + priority + " via " + channel);
	}

	void reserve(OrderPlaced order) {
		this.reserved.add(order);
	}

	StockLevel level(String sku) {
		return new StockLevel(sku, 3);
	}

	CompletableFuture<StockLevel> askWarehouse(String sku) {
		return CompletableFuture.supplyAsync(() -> new StockLevel(sku, 40));
	}

	void welcome(String topic, UserRegistered event, String source) {
		this.welcomed.add(topic + " " + event.email() + " from " + source);
	}

}
