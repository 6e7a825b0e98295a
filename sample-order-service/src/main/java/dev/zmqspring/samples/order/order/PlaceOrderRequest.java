package dev.zmqspring.samples.order.order;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/orders}.
 *
 * @param userId a registered user's id
 * @param sku the SKU to order
 * @param quantity how many units, at least one
 */
public record PlaceOrderRequest(@NotNull @KnownUser Long userId, @NotBlank @Size(max = 64) String sku,
		@NotNull @Positive Integer quantity) {
}
