package dev.zmqspring.reliable;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of reliable delivery, per sending endpoint or per receiving listener. Safe to
 * read from any thread.
 */
public final class ReliableStatistics {

	private final LongAdder sends = new LongAdder();

	private final LongAdder redeliveries = new LongAdder();

	private final LongAdder acknowledgements = new LongAdder();

	private final LongAdder unacknowledged = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder deadLettered = new LongAdder();

	void sent(int attempt) {
		this.sends.increment();
		if (attempt > 1) {
			this.redeliveries.increment();
		}
	}

	void acknowledged() {
		this.acknowledgements.increment();
	}

	void unacknowledged() {
		this.unacknowledged.increment();
	}

	void duplicate() {
		this.duplicates.increment();
	}

	void deadLettered() {
		this.deadLettered.increment();
	}

	/** Messages sent, first sends and re-sends. */
	public long getSends() {
		return this.sends.sum();
	}

	/** Re-sends: messages sent again because no acknowledgement came. */
	public long getRedeliveries() {
		return this.redeliveries.sum();
	}

	/** Acknowledgements received (sender) or sent (listener). */
	public long getAcknowledgements() {
		return this.acknowledgements.sum();
	}

	/**
	 * Sends that ended without acknowledgement (timeout or error reply), to be retried.
	 */
	public long getUnacknowledged() {
		return this.unacknowledged.sum();
	}

	/**
	 * Redelivered messages an idempotent listener recognised and did not process again.
	 */
	public long getDuplicates() {
		return this.duplicates.sum();
	}

	/** Messages moved to the dead-letter store. */
	public long getDeadLettered() {
		return this.deadLettered.sum();
	}

}
