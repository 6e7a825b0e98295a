package dev.zmqspring.samples.inventory.stock;

import dev.zmqspring.samples.inventory.InventoryProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Stores the configured stock ({@code inventory.seed}) at startup. It runs while the
 * beans are created, so before any listener starts: the first order that arrives already
 * finds its stock.
 */
@Component
class StockSeeder implements InitializingBean {

	private static final Log logger = LogFactory.getLog(StockSeeder.class);

	private final StockRepository stock;

	private final InventoryProperties properties;

	StockSeeder(StockRepository stock, InventoryProperties properties) {
		this.stock = stock;
		this.properties = properties;
	}

	@Override
	public void afterPropertiesSet() {
		this.properties.seed().forEach(this.stock::seed);
		logger.info("Stock: " + this.stock.findAll());
	}

}
