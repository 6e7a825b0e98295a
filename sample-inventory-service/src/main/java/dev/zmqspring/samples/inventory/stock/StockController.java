package dev.zmqspring.samples.inventory.stock;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back office: every SKU with its level.
 */
@RestController
class StockController {

	private final StockRepository stock;

	StockController(StockRepository stock) {
		this.stock = stock;
	}

	@GetMapping("/api/stock")
	List<StockLevel> stock() {
		return this.stock.findAll();
	}

}
