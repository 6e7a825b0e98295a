package dev.zmqspring.samples.order.order;

import java.time.Instant;

/**
 * An order.
 *
 * @param id the id
 * @param userId who ordered
 * @param sku what
 * @param quantity how many
 * @param status where it stands
 * @param reason why it was rejected, or {@code null}
 * @param createdAt when it was placed
 * @param updatedAt when its status last changed
 */
public record Order(long id, long userId, String sku, int quantity, OrderStatus status, String reason,
		Instant createdAt, Instant updatedAt) {
}
