package dev.zmqspring.docs.delivery;

import java.util.UUID;

import dev.zmqspring.core.ZmqTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The sending side of docs/delivery.md. */
@Service
class OrderService {

	private final JdbcClient jdbc;

	private final ZmqTemplate template;

	OrderService(JdbcClient jdbc, ZmqTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	// tag::place[]
	@Transactional
	public String place(String sku, int quantity) {
		String orderId = UUID.randomUUID().toString();
		this.jdbc.sql("insert into orders (id, sku, quantity) values (?, ?, ?)")          // the order row ...
			.params(orderId, sku, quantity)
			.update();
		this.template.convertAndSend("orders-out", new OrderPlaced(orderId, sku, quantity));  // ... and its message
		return orderId;                                                                      // commit together
	}
	// end::place[]

}
