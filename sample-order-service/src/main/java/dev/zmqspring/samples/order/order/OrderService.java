package dev.zmqspring.samples.order.order;

import java.time.Instant;
import java.util.Optional;

import dev.zmqspring.core.ZmqTemplate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders and records inventory's results.
 */
@Service
public class OrderService {

	private static final Log logger = LogFactory.getLog(OrderService.class);

	private final OrderRepository orders;

	private final ZmqTemplate template;

	OrderService(OrderRepository orders, ZmqTemplate template) {
		this.orders = orders;
		this.template = template;
	}

	/**
	 * Stores the order as PENDING and its {@code OrderPlaced} message in one transaction.
	 * {@code orders-out} is an at-least-once endpoint: {@code convertAndSend} writes the
	 * message to the outbox table in this transaction and returns; after the commit the
	 * starter sends it, and sends it again until inventory acknowledges it. So the order
	 * is accepted whether inventory is up or not, and it is never lost: both rows commit,
	 * or neither.
	 */
	@Transactional
	public Order place(PlaceOrderRequest request) {
		Order order = this.orders.insert(request, Instant.ofEpochMilli(System.currentTimeMillis()));
		this.template.convertAndSend("orders-out", new OrderPlaced(order.id(), order.sku(), order.quantity()));
		return order;
	}

	/**
	 * Records inventory's result. Runs in the idempotent listener's transaction, together
	 * with its processed message id.
	 */
	@Transactional
	public void complete(OrderResult result) {
		if (!this.orders.complete(result, Instant.ofEpochMilli(System.currentTimeMillis()))) {
			logger.warn("Result for order " + result.orderId() + " ignored: no such pending order");
		}
	}

	/** An order by id. */
	public Optional<Order> find(long id) {
		return this.orders.findById(id);
	}

}
