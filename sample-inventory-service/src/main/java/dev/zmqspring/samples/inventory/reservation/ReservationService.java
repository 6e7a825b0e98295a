package dev.zmqspring.samples.inventory.reservation;

import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.samples.inventory.stock.StockRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reserves stock for one order and sends the result back to the order service.
 */
@Service
public class ReservationService {

	private final StockRepository stock;

	private final ReservationRepository reservations;

	private final ZmqTemplate template;

	ReservationService(StockRepository stock, ReservationRepository reservations, ZmqTemplate template) {
		this.stock = stock;
		this.reservations = reservations;
		this.template = template;
	}

	/**
	 * Takes the stock, records the reservation and stores the result message, all in one
	 * transaction: the idempotent listener's (it joins it), so the processed message id
	 * commits with them. {@code order-results-out} is an at-least-once endpoint:
	 * {@code convertAndSend} writes the message to the outbox table in this transaction
	 * and it is sent after the commit, again and again until the order service
	 * acknowledges it.
	 */
	@Transactional
	public OrderResult reserve(OrderPlaced order) {
		OrderResult result;
		if (this.stock.take(order.sku(), order.quantity())) {
			result = OrderResult.reserved(order.orderId());
		}
		else {
			result = this.stock.available(order.sku())
				.map(available -> OrderResult.rejected(order.orderId(),
						"only " + available + " of " + order.sku() + " left, " + order.quantity() + " ordered"))
				.orElseGet(() -> OrderResult.rejected(order.orderId(), "unknown SKU " + order.sku()));
		}
		this.reservations.record(order, result);
		this.template.convertAndSend("order-results-out", result);
		return result;
	}

}
