package dev.zmqspring.benchmarks.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts messages where they arrive. Every variant of a scenario (raw, starter, Spring
 * Integration) calls {@link #arrived()} once per message from its receiving thread(s), so
 * the counting costs them all the same. The clock starts at the first message and stops
 * at the expected count.
 */
public final class Arrivals {

	private final AtomicLong count = new AtomicLong();

	private volatile long expected = Long.MAX_VALUE;

	private volatile long firstNanos;

	private volatile long lastNanos;

	private volatile CountDownLatch done = new CountDownLatch(1);

	/** Starts a new round that ends when {@code expectedCount} messages have arrived. */
	public void reset(long expectedCount) {
		this.done = new CountDownLatch(1);
		this.firstNanos = 0;
		this.lastNanos = 0;
		this.count.set(0);
		this.expected = expectedCount;
	}

	/** One message arrived. */
	public void arrived() {
		long n = this.count.incrementAndGet();
		if (n == 1) {
			this.firstNanos = System.nanoTime();
		}
		if (n == this.expected) {
			this.lastNanos = System.nanoTime();
			this.done.countDown();
		}
	}

	/** When the first message of this round arrived ({@link System#nanoTime()}), or 0. */
	public long firstNanos() {
		return this.firstNanos;
	}

	/** Messages counted in this round so far. */
	public long count() {
		return this.count.get();
	}

	/**
	 * Waits for the round to complete.
	 * @return nanoseconds from the first to the last expected message
	 * @throws IllegalStateException when the messages did not all arrive in time
	 */
	public long await(Duration timeout) {
		try {
			if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						"Only " + this.count.get() + " of " + this.expected + " messages arrived within " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for messages", ex);
		}
		return Math.max(1, this.lastNanos - this.firstNanos);
	}

}
