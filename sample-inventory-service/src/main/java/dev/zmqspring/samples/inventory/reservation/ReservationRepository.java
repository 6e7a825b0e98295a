package dev.zmqspring.samples.inventory.reservation;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code reservation} table: one row per processed order. The order id is
 * deliberately not a unique key: it is the idempotent listener that keeps an order from
 * being processed twice, and the summary counts the rows per order to show it.
 */
@Repository
public class ReservationRepository {

	private final JdbcClient jdbc;

	ReservationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void record(OrderPlaced order, OrderResult result) {
		this.jdbc
			.sql("insert into reservation (order_id, sku, quantity, status, reason, processed_at)"
					+ " values (:orderId, :sku, :quantity, :status, :reason, :processedAt)")
			.param("orderId", order.orderId())
			.param("sku", order.sku())
			.param("quantity", order.quantity())
			.param("status", result.status())
			.param("reason", result.reason())
			.param("processedAt", System.currentTimeMillis())
			.update();
	}

	/** Counts of the processed orders. */
	public ReservationSummary summary() {
		return this.jdbc
			.sql("select count(*) as record_count, count(distinct order_id) as order_count,"
					+ " coalesce(sum(case when status = 'RESERVED' then 1 else 0 end), 0) as reserved,"
					+ " coalesce(sum(case when status = 'REJECTED' then 1 else 0 end), 0) as rejected,"
					+ " coalesce(sum(case when status = 'RESERVED' then quantity else 0 end), 0) as units"
					+ " from reservation")
			.query((rs, row) -> new ReservationSummary(rs.getLong("order_count"), rs.getLong("record_count"),
					rs.getLong("record_count") - rs.getLong("order_count"), rs.getLong("reserved"),
					rs.getLong("rejected"), rs.getLong("units")))
			.single();
	}

	/**
	 * How many times an order was processed (1 for every order that reached inventory).
	 */
	public int timesProcessed(long orderId) {
		return this.jdbc.sql("select count(*) from reservation where order_id = :orderId")
			.param("orderId", orderId)
			.query(Integer.class)
			.single();
	}

}
