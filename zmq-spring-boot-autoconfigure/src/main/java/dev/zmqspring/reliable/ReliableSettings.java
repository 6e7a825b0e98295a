package dev.zmqspring.reliable;

import java.time.Duration;

/**
 * Settings of reliable delivery ({@code zmq.reliable.*}).
 *
 * @param ackTimeout how long the sender waits for an acknowledgement before it sends a
 * message again
 * @param initialBackoff the wait before the first re-send after a failure
 * @param backoffMultiplier how much each further wait grows
 * @param maxBackoff the longest wait between re-sends
 * @param maxInFlight the most unacknowledged messages an endpoint has on the wire at once
 * @param pollInterval how often the dispatcher looks for due messages when nothing wakes
 * it
 * @param maxAttempts how many times a listener may fail on a message before it is
 * dead-lettered
 * @param processedRetention how long processed message ids are remembered for
 * deduplication
 * @param transactionBatchSize the most messages a listener processes in one transaction
 * (1 for a transaction each)
 */
public record ReliableSettings(Duration ackTimeout, Duration initialBackoff, double backoffMultiplier,
		Duration maxBackoff, int maxInFlight, Duration pollInterval, int maxAttempts, Duration processedRetention,
		int transactionBatchSize) {

	/** The defaults. */
	public static final ReliableSettings DEFAULTS = new ReliableSettings(Duration.ofSeconds(5), Duration.ofMillis(200),
			2.0, Duration.ofSeconds(30), 1000, Duration.ofSeconds(1), 5, Duration.ofDays(7), 100);

	/**
	 * The wait before the next attempt after {@code attempts} failed ones: exponential,
	 * capped.
	 */
	public long backoffMillis(int attempts) {
		double delay = this.initialBackoff.toMillis() * Math.pow(this.backoffMultiplier, Math.max(0, attempts - 1));
		return (long) Math.min(delay, this.maxBackoff.toMillis());
	}

}
