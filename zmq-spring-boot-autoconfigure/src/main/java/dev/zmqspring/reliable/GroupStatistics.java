package dev.zmqspring.reliable;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of one subscription group of a durable topic, kept by the publisher.
 */
public final class GroupStatistics {

	private final AtomicLong delivered = new AtomicLong();

	private final AtomicLong redelivered = new AtomicLong();

	private final AtomicLong acknowledged = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicLong lost = new AtomicLong();

	void delivered(int attempt) {
		this.delivered.incrementAndGet();
		if (attempt > 1) {
			this.redelivered.incrementAndGet();
		}
	}

	void acknowledged(int count) {
		this.acknowledged.addAndGet(count);
	}

	void failed(int count) {
		this.failed.addAndGet(count);
	}

	void lost(long count) {
		this.lost.addAndGet(count);
	}

	/** Messages sent to the group's members, redeliveries included. */
	public long getDelivered() {
		return this.delivered.get();
	}

	/**
	 * Of those, the messages sent again (their earlier delivery was not acknowledged).
	 */
	public long getRedelivered() {
		return this.redelivered.get();
	}

	/** Messages the group's members acknowledged. */
	public long getAcknowledged() {
		return this.acknowledged.get();
	}

	/** Messages a member failed and asked to have again. */
	public long getFailed() {
		return this.failed.get();
	}

	/** Messages retention removed before the group acknowledged them. */
	public long getLost() {
		return this.lost.get();
	}

}
