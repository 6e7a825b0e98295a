package dev.zmqspring.docs.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import org.springframework.stereotype.Component;

@Component
class OrderListener {

	private final List<OrderPlaced> received = new CopyOnWriteArrayList<>();

	@ZmqListener(id = "orders", endpoint = "orders-in")
	void onOrder(OrderPlaced order) {
		this.received.add(order);
	}

	List<OrderPlaced> received() {
		return this.received;
	}

}
