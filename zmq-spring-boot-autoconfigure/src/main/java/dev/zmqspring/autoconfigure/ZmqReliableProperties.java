package dev.zmqspring.autoconfigure;

import java.time.Duration;

/**
 * At-least-once delivery ({@code delivery: at-least-once} endpoints).
 */
public class ZmqReliableProperties {

	/**
	 * How long the sender waits for an acknowledgement before it sends a message again.
	 */
	private Duration ackTimeout = Duration.ofSeconds(5);

	/**
	 * Wait before the first re-send after a message was not acknowledged.
	 */
	private Duration initialBackoff = Duration.ofMillis(200);

	/**
	 * Factor by which each further wait between re-sends grows.
	 */
	private double backoffMultiplier = 2.0;

	/**
	 * Longest wait between re-sends.
	 */
	private Duration maxBackoff = Duration.ofSeconds(30);

	/**
	 * Maximum number of unacknowledged messages an endpoint has on the wire at once.
	 */
	private int maxInFlight = 1000;

	/**
	 * How often the outbox is checked for due messages when nothing wakes it.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * How many times a listener may fail on one message before it is moved to the dead-letter store.
	 */
	private int maxAttempts = 5;

	/**
	 * How long processed message ids are remembered to discard redeliveries. Keep it longer than a sender can
	 * take to re-send (its outbox retention).
	 */
	private Duration processedRetention = Duration.ofDays(7);

	/**
	 * Whether to create the outbox, processed-message and dead-letter tables when they do not exist.
	 */
	private boolean initializeSchema = true;

	/**
	 * Prefix of the tables: <prefix>outbox, <prefix>processed, <prefix>dead_letter.
	 */
	private String tablePrefix = "zmq_";

	public Duration getAckTimeout() {
		return this.ackTimeout;
	}

	public void setAckTimeout(Duration ackTimeout) {
		this.ackTimeout = PropertyChecks.requirePositive(ackTimeout, "zmq.reliable.ack-timeout");
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = PropertyChecks.requireNotNegative(initialBackoff, "zmq.reliable.initial-backoff");
	}

	public double getBackoffMultiplier() {
		return this.backoffMultiplier;
	}

	public void setBackoffMultiplier(double backoffMultiplier) {
		if (backoffMultiplier < 1.0) {
			throw new IllegalArgumentException("zmq.reliable.backoff-multiplier must be at least 1, was "
					+ backoffMultiplier);
		}
		this.backoffMultiplier = backoffMultiplier;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = PropertyChecks.requireNotNegative(maxBackoff, "zmq.reliable.max-backoff");
	}

	public int getMaxInFlight() {
		return this.maxInFlight;
	}

	public void setMaxInFlight(int maxInFlight) {
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("zmq.reliable.max-in-flight must be at least 1, was " + maxInFlight);
		}
		this.maxInFlight = maxInFlight;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = PropertyChecks.requirePositive(pollInterval, "zmq.reliable.poll-interval");
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("zmq.reliable.max-attempts must be at least 1, was " + maxAttempts);
		}
		this.maxAttempts = maxAttempts;
	}

	public Duration getProcessedRetention() {
		return this.processedRetention;
	}

	public void setProcessedRetention(Duration processedRetention) {
		this.processedRetention = PropertyChecks.requirePositive(processedRetention, "zmq.reliable.processed-retention");
	}

	public boolean isInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(boolean initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public String getTablePrefix() {
		return this.tablePrefix;
	}

	public void setTablePrefix(String tablePrefix) {
		this.tablePrefix = tablePrefix;
	}

}
