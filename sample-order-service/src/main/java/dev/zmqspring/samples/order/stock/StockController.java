package dev.zmqspring.samples.order.stock;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stock levels, asked of inventory at the moment of the call. When inventory is down the
 * answer is a 503 after at most the request timeout (see {@code ApiExceptionHandler}),
 * and the first call after it is back works again. JSON only: a client that accepts
 * nothing else gets 406 before inventory is asked.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class StockController {

	private final InventoryClient inventory;

	StockController(InventoryClient inventory) {
		this.inventory = inventory;
	}

	@GetMapping("/api/stock/{sku}")
	StockLevel stock(@PathVariable String sku) {
		StockLevel level = this.inventory.stock(new StockQuery(sku));
		if (!level.known()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "inventory has no SKU " + sku);
		}
		return level;
	}

}
