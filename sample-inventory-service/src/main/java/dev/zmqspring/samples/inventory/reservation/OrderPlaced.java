package dev.zmqspring.samples.inventory.reservation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An order placed in the order service (JSON on the wire). Each service declares the
 * messages it reads: they share a format, not a class. Checked where it comes in (an
 * invalid order is dead-lettered at once, never retried).
 *
 * @param orderId the order's id in the order service
 * @param sku the SKU ordered
 * @param quantity how many units
 */
public record OrderPlaced(@Positive long orderId, @NotBlank @Size(max = 64) String sku, @Positive int quantity) {
}
