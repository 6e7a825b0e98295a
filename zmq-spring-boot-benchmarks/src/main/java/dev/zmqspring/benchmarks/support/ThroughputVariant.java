package dev.zmqspring.benchmarks.support;

/**
 * One way (raw, starter, Spring Integration) of doing a throughput scenario's work: it
 * sends, and its receiver counts what arrives in {@link #arrivals()}. Set up (connected
 * and warm) before the first round, closed after the last.
 */
public interface ThroughputVariant extends AutoCloseable {

	/** Where this variant's receiver counts. */
	Arrivals arrivals();

	/**
	 * Sends messages for {@code count} arrivals (for fan-out,
	 * {@code count / deliveriesPerMessage()} messages); may return before they arrive.
	 */
	void send(int count) throws Exception;

	/** How many arrivals one message makes (the number of subscribers for fan-out). */
	default int deliveriesPerMessage() {
		return 1;
	}

	@Override
	void close();

}
