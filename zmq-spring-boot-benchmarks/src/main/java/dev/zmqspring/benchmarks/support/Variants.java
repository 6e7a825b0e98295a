package dev.zmqspring.benchmarks.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The variants of one scenario case, opened in order and all closed at the end, even when
 * one fails to open.
 *
 * @param <V> the kind of variant
 */
public final class Variants<V extends AutoCloseable> implements AutoCloseable {

	private final Map<String, V> opened = new LinkedHashMap<>();

	/** Opens a variant under its name (raw, starter, si). */
	public Variants<V> open(String name, Supplier<V> factory) {
		this.opened.put(name, factory.get());
		return this;
	}

	/** The open variants, in the order they were opened (the order of each round). */
	public Map<String, V> all() {
		return this.opened;
	}

	/**
	 * Closes every variant; the first failure is thrown once all have been closed (a
	 * checked one wrapped).
	 */
	@Override
	public void close() {
		RuntimeException first = null;
		for (V variant : this.opened.values()) {
			try {
				variant.close();
			}
			catch (RuntimeException ex) {
				first = (first != null) ? first : ex;
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				first = (first != null) ? first : new IllegalStateException("Closing a variant failed", ex);
			}
		}
		if (first != null) {
			throw first;
		}
	}

}
