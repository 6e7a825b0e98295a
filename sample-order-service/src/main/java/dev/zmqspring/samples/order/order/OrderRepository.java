package dev.zmqspring.samples.order.order;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code customer_order} table.
 */
@Repository
class OrderRepository {

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Order insert(PlaceOrderRequest request, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc
			.sql("insert into customer_order (user_id, sku, quantity, status, created_at, updated_at)"
					+ " values (:userId, :sku, :quantity, 'PENDING', :now, :now)")
			.param("userId", request.userId())
			.param("sku", request.sku())
			.param("quantity", request.quantity())
			.param("now", now.toEpochMilli())
			.update(key, "id");
		return new Order(key.getKeyAs(Long.class), request.userId(), request.sku(), request.quantity(),
				OrderStatus.PENDING, null, now, now);
	}

	/**
	 * Records inventory's result on a pending order.
	 * @return whether the order was pending (false: unknown, or already final)
	 */
	boolean complete(OrderResult result, Instant now) {
		return this.jdbc
			.sql("update customer_order set status = :status, reason = :reason, updated_at = :now"
					+ " where id = :id and status = 'PENDING'")
			.param("status", result.status().name())
			.param("reason", result.reason())
			.param("now", now.toEpochMilli())
			.param("id", result.orderId())
			.update() == 1;
	}

	Optional<Order> findById(long id) {
		return this.jdbc
			.sql("select id, user_id, sku, quantity, status, reason, created_at, updated_at"
					+ " from customer_order where id = :id")
			.param("id", id)
			.query((rs, row) -> new Order(rs.getLong("id"), rs.getLong("user_id"), rs.getString("sku"),
					rs.getInt("quantity"), OrderStatus.valueOf(rs.getString("status")), rs.getString("reason"),
					Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at"))))
			.optional();
	}

}
