package dev.zmqspring.docs.sending;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.zmqspring.core.ZmqTemplate;
import org.springframework.stereotype.Component;

/** ZmqTemplate's calls, as docs/sending.md shows them. */
@Component
class Checkout {

	private final ZmqTemplate template;

	Checkout(ZmqTemplate template) {
		this.template = template;
	}

	StockLevel checkout(OrderPlaced order, UserRegistered buyer) throws Exception {
		// tag::template[]
		this.template.convertAndSend("orders-out", order);                         // JSON
		this.template.convertAndSend("events", "user.registered", buyer);          // with a topic
		this.template.send("audit-out", "checkout".getBytes(StandardCharsets.UTF_8));   // bytes as they are

		StockLevel level = this.template.request("stock", new StockQuery(order.sku()), StockLevel.class);
		CompletableFuture<StockLevel> later = this.template.requestAsync("stock", new StockQuery(order.sku()),
				StockLevel.class, Duration.ofSeconds(2));
		// end::template[]
		return later.get().available() == level.available() ? level : null;
	}

	String whoFor(String tenant) {
		// tag::headers[]
		String answer = this.template.request("ask", "who", Map.of("tenant", tenant), String.class, null);
		// end::headers[]
		return answer;
	}

}
