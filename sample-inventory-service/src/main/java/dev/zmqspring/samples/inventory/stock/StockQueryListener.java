package dev.zmqspring.samples.inventory.stock;

import dev.zmqspring.annotation.ZmqListener;
import jakarta.validation.Valid;
import org.springframework.stereotype.Component;

/**
 * Answers the order service's stock queries: request/reply, REQ (order service) to REP
 * (here). The return value is the reply; a query without a SKU is answered
 * {@code BAD_REQUEST} without reaching the repository.
 */
@Component
class StockQueryListener {

	private final StockRepository stock;

	StockQueryListener(StockRepository stock) {
		this.stock = stock;
	}

	@ZmqListener(endpoint = "stock-server")
	StockLevel stock(@Valid StockQuery query) {
		return this.stock.available(query.sku())
			.map(available -> new StockLevel(query.sku(), true, available))
			.orElseGet(() -> new StockLevel(query.sku(), false, 0));
	}

}
