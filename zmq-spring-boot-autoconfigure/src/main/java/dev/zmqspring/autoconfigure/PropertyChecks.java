package dev.zmqspring.autoconfigure;

import java.time.Duration;

/**
 * Checks of property values that fail binding with a message naming the key.
 */
final class PropertyChecks {

	private PropertyChecks() {
	}

	static Duration requireNotNegative(Duration value, String key) {
		if (value != null && value.isNegative()) {
			throw new IllegalArgumentException(key + " must not be negative, was " + value);
		}
		return value;
	}

	static Duration requirePositive(Duration value, String key) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException(
					key + " must not be negative or zero, was " + value + "; use for example 5s");
		}
		return value;
	}

}
