package dev.zmqspring.docs.sending;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqHeader;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqTopic;
import org.springframework.stereotype.Component;

/** The other side of the sending examples, in the same application for the test. */
@Component
class Peers {

	final List<String> received = new CopyOnWriteArrayList<>();

	@ZmqListener(endpoint = "orders-in")
	void order(OrderPlaced order) {
		this.received.add("order " + order.orderId());
	}

	@ZmqListener(endpoint = "events-in")
	void event(@ZmqTopic String topic, UserRegistered user) {
		this.received.add(topic + " " + user.email());
	}

	@ZmqListener(endpoint = "audit-in")
	void audit(byte[] bytes) {
		this.received.add("audit " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
	}

	@ZmqListener(endpoint = "ask-server")
	String ask(String question, @ZmqHeader("tenant") String tenant) {
		return question + " for " + tenant;
	}

	@ZmqListener(endpoint = "stock-server")
	StockLevel stock(StockQuery query) {
		return new StockLevel(query.sku(), 7);
	}

}
