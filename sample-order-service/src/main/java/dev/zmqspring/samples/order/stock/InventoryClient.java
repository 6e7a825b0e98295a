package dev.zmqspring.samples.order.stock;

import dev.zmqspring.annotation.ZmqPublisher;

/**
 * Stock queries to inventory over request/reply ({@code stock} endpoint: REQ,
 * {@code request-timeout: 1s}, {@code request-retries: 0}). The starter implements this
 * interface.
 */
@ZmqPublisher(endpoint = "stock")
public interface InventoryClient {

	/**
	 * Asks inventory for a SKU's level.
	 * @throws dev.zmqspring.core.ZmqRequestTimeoutException when inventory does not
	 * answer within the timeout
	 */
	StockLevel stock(StockQuery query);

}
