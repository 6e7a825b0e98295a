package dev.zmqspring.benchmarks.support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits out the slow joiner: publishes probes until three probes in a row have each
 * reached every subscriber, so that no measured message is published before a
 * subscription has arrived. The same for all variants.
 */
public final class FanOutWarmup {

	/**
	 * The topic every fan-out variant publishes under, as a frame of its own: Spring
	 * Integration 7.0.5's PUB adapter fails on every message without a topic (a
	 * {@code NullPointerException} in its topic expression, logged, and the message is
	 * gone), so all three variants send {@code [topic][payload]}.
	 */
	public static final String TOPIC = "bench";

	/** {@link #TOPIC} as bytes. */
	public static final byte[] TOPIC_BYTES = TOPIC.getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private FanOutWarmup() {
	}

	/**
	 * Publishes probes until every subscriber gets them.
	 * @param publishOne publishes one message
	 * @param arrivals where the subscribers count
	 * @param subscribers how many subscribers must see each probe
	 */
	public static void untilAllSubscribed(Runnable publishOne, Arrivals arrivals, int subscribers) {
		arrivals.reset(Long.MAX_VALUE);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		int inARow = 0;
		while (inARow < 3) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not all " + subscribers + " subscribers received probes within 20 s");
			}
			long before = arrivals.count();
			publishOne.run();
			long probeDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
			while (arrivals.count() - before < subscribers && System.nanoTime() < probeDeadline) {
				LockSupport.parkNanos(100_000);
			}
			inARow = (arrivals.count() - before == subscribers) ? inARow + 1 : 0;
		}
	}

}
