package dev.zmqspring.benchmarks.support;

/**
 * One way (raw, starter) of doing a request/reply scenario: one request and its reply per
 * call.
 */
public interface LatencyVariant extends AutoCloseable {

	/** Sends one request and waits for its reply. */
	void roundTrip() throws Exception;

	@Override
	void close();

}
