package dev.zmqspring.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

/**
 * Live counters of one endpoint, safe to read from any thread. Actuator and metrics read
 * them.
 */
public final class EndpointStatistics {

	private final LongAdder received = new LongAdder();

	private final LongAdder sent = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder sendFailures = new LongAdder();

	private final LongAdder timeouts = new LongAdder();

	private final LongAdder lateReplies = new LongAdder();

	private final LongAdder receivedBytes = new LongAdder();

	private final LongAdder sentBytes = new LongAdder();

	private volatile @Nullable String lastError;

	/**
	 * What sending threads sent on sockets of their own, added to the counts while the
	 * sockets are open.
	 */
	private final Set<ThreadTally> sentTallies = ConcurrentHashMap.newKeySet();

	/** What listener threads received, added to the counts while the threads run. */
	private final Set<ThreadTally> receivedTallies = ConcurrentHashMap.newKeySet();

	public void received() {
		this.received.increment();
	}

	public void sent() {
		this.sent.increment();
	}

	/** Counts one message handed to the socket and its size (all frames). */
	void sent(byte[][] frames) {
		this.sent.increment();
		long bytes = 0;
		for (byte[] frame : frames) {
			bytes += frame.length;
		}
		this.sentBytes.add(bytes);
	}

	/**
	 * Counts messages handed to the socket and their size (all frames), a batch at a
	 * time.
	 */
	void sent(long messages, long bytes) {
		if (messages > 0) {
			this.sent.add(messages);
			this.sentBytes.add(bytes);
		}
	}

	public void error(@Nullable String description) {
		this.errors.increment();
		this.lastError = description;
	}

	void dropped() {
		this.dropped.increment();
	}

	public void sendFailed(@Nullable String description) {
		this.sendFailures.increment();
		this.lastError = description;
	}

	void timedOut() {
		this.timeouts.increment();
	}

	void lateReply() {
		this.lateReplies.increment();
	}

	/** Messages received (listeners) or replies received (request clients). */
	public long getReceived() {
		return total(this.received, this.receivedTallies, ThreadTally::messages);
	}

	/**
	 * Messages handed to the socket (to the sockets of sending threads too, for an
	 * endpoint with a socket per thread).
	 */
	public long getSent() {
		return total(this.sent, this.sentTallies, ThreadTally::messages);
	}

	/** Messages that failed: listener exceptions, conversion errors, malformed frames. */
	public long getErrors() {
		return this.errors.sum();
	}

	/**
	 * PUB messages dropped because a subscriber's queue was full (the high-water mark).
	 */
	public long getDropped() {
		return this.dropped.sum();
	}

	/**
	 * Sends refused to the caller (queue full for the whole send timeout, message too
	 * large, stopped).
	 */
	public long getSendFailures() {
		return this.sendFailures.sum();
	}

	/** Requests that got no reply in time. */
	public long getTimeouts() {
		return this.timeouts.sum();
	}

	/** Replies that arrived after their request had timed out, and were discarded. */
	public long getLateReplies() {
		return this.lateReplies.sum();
	}

	/**
	 * Bytes of the messages counted by {@link #getReceived()} (all frames, as received),
	 * where the size is known.
	 */
	public long getReceivedBytes() {
		return total(this.receivedBytes, this.receivedTallies, ThreadTally::bytes);
	}

	/**
	 * Bytes of the messages counted by {@link #getSent()} (all frames), where the size is
	 * known.
	 */
	public long getSentBytes() {
		return total(this.sentBytes, this.sentTallies, ThreadTally::bytes);
	}

	private long total(LongAdder shared, Set<ThreadTally> tallies, ToLongFunction<ThreadTally> part) {
		if (tallies.isEmpty()) {
			return shared.sum();
		}
		synchronized (this) {
			long total = shared.sum();
			for (ThreadTally tally : tallies) {
				total += part.applyAsLong(tally);
			}
			return total;
		}
	}

	/**
	 * Adds what a sending thread counts on its own socket to these counts, from now on.
	 */
	void include(ThreadTally tally) {
		this.sentTallies.add(tally);
	}

	/**
	 * Moves a closed socket's counts into these; after its thread's last send. Under the
	 * same lock as the readers, so that no reader sees them twice or not at all.
	 */
	synchronized void retire(ThreadTally tally) {
		this.sent.add(tally.messages());
		this.sentBytes.add(tally.bytes());
		this.sentTallies.remove(tally);
	}

	/**
	 * A tally for one receiving thread, counted in {@link #getReceived()} at once: the
	 * thread counts each message without an atomic instruction. Give it back with
	 * {@link #closeReceivedTally(ThreadTally)} when the thread ends.
	 */
	public ThreadTally openReceivedTally() {
		ThreadTally tally = new ThreadTally();
		this.receivedTallies.add(tally);
		return tally;
	}

	/** Moves a receiving thread's counts into these; after its last message. */
	public synchronized void closeReceivedTally(ThreadTally tally) {
		this.received.add(tally.messages());
		this.receivedBytes.add(tally.bytes());
		this.receivedTallies.remove(tally);
	}

	/** Description of the last error, or {@code null}. */
	public @Nullable String getLastError() {
		return this.lastError;
	}

}
