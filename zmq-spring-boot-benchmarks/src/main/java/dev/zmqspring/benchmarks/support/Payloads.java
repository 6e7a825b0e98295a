package dev.zmqspring.benchmarks.support;

import java.util.Random;

/**
 * The payloads of the scenarios: fixed-size byte arrays and one six-field record.
 */
public final class Payloads {

	private Payloads() {
	}

	/** A payload of {@code size} bytes of fixed pseudo-random content. */
	public static byte[] bytes(int size) {
		byte[] payload = new byte[size];
		new Random(size).nextBytes(payload);
		return payload;
	}

	/** The order of the JSON scenario: six fields, about 120 bytes of JSON. */
	public static Order order(long sequence) {
		return new Order(sequence, "order-" + sequence, "SKU-4711-BLUE", 3, 1999L, "customer-42@example.com");
	}

	/**
	 * The JSON payload of scenario 2.
	 *
	 * @param sequence running number
	 * @param orderId order identifier
	 * @param sku stock keeping unit
	 * @param quantity how many
	 * @param priceCents price in cents
	 * @param customer who ordered
	 */
	public record Order(long sequence, String orderId, String sku, int quantity, long priceCents, String customer) {
	}

}
