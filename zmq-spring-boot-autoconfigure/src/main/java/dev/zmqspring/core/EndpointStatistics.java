package dev.zmqspring.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one endpoint, safe to read from any thread. Actuator and metrics read them.
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

	private volatile String lastError;

	private final List<ReceiveCounter> receiveCounters = new CopyOnWriteArrayList<>();

	private final Queue<ReceiveCounter> idleReceiveCounters = new ConcurrentLinkedQueue<>();

	/** Takes a counter that only the calling thread will use; give it back with {@link #release}. */
	public ReceiveCounter acquireReceiveCounter() {
		ReceiveCounter counter = this.idleReceiveCounters.poll();
		if (counter == null) {
			counter = new ReceiveCounter();
			this.receiveCounters.add(counter);
		}
		return counter;
	}

	/** Gives back a counter when its thread is done with it; its counts stay in the totals. */
	public void release(ReceiveCounter counter) {
		this.idleReceiveCounters.add(counter);
	}

	/**
	 * Counts received messages for one thread at a time: plain increments published with release stores, so counting
	 * costs no atomic instruction, and any thread reads the totals.
	 */
	public static final class ReceiveCounter {

		private static final VarHandle MESSAGES;

		private static final VarHandle BYTES;

		static {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				MESSAGES = lookup.findVarHandle(ReceiveCounter.class, "messages", long.class);
				BYTES = lookup.findVarHandle(ReceiveCounter.class, "bytes", long.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private volatile long messages;

		private volatile long bytes;

		/** Counts one message received and its size (all frames). */
		public void received(List<byte[]> frames) {
			long size = 0;
			for (int i = 0; i < frames.size(); i++) {
				size += frames.get(i).length;
			}
			// One writer at a time (the acquiring thread), so a plain read-increment-release-store is exact.
			MESSAGES.setRelease(this, (long) MESSAGES.get(this) + 1);
			BYTES.setRelease(this, (long) BYTES.get(this) + size);
		}

	}

	public void received() {
		this.received.increment();
	}

	public void sent() {
		this.sent.increment();
	}

	/** Counts one message received and its size (all frames). */
	public void received(List<byte[]> frames) {
		this.received.increment();
		long bytes = 0;
		// Indexed: no iterator per received message.
		for (int i = 0; i < frames.size(); i++) {
			bytes += frames.get(i).length;
		}
		this.receivedBytes.add(bytes);
	}

	/** Counts one message handed to the socket and its size (all frames). */
	public void sent(byte[][] frames) {
		this.sent.increment();
		long bytes = 0;
		for (byte[] frame : frames) {
			bytes += frame.length;
		}
		this.sentBytes.add(bytes);
	}

	/** Counts messages handed to the socket and their size (all frames), a batch at a time. */
	public void sent(long messages, long bytes) {
		if (messages > 0) {
			this.sent.add(messages);
			this.sentBytes.add(bytes);
		}
	}

	public void error(String description) {
		this.errors.increment();
		this.lastError = description;
	}

	public void dropped() {
		this.dropped.increment();
	}

	public void sendFailed(String description) {
		this.sendFailures.increment();
		this.lastError = description;
	}

	public void timedOut() {
		this.timeouts.increment();
	}

	public void lateReply() {
		this.lateReplies.increment();
	}

	/** Messages received (listeners) or replies received (request clients). */
	public long getReceived() {
		long total = this.received.sum();
		for (ReceiveCounter counter : this.receiveCounters) {
			total += counter.messages;
		}
		return total;
	}

	/** Messages handed to the socket. */
	public long getSent() {
		return this.sent.sum();
	}

	/** Messages that failed: listener exceptions, conversion errors, malformed frames. */
	public long getErrors() {
		return this.errors.sum();
	}

	/** PUB messages dropped because a subscriber's queue was full (the high-water mark). */
	public long getDropped() {
		return this.dropped.sum();
	}

	/** Sends refused to the caller (queue full for the whole send timeout, message too large, stopped). */
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

	/** Bytes of the messages counted by {@link #getReceived()} (all frames, as received), where the size is known. */
	public long getReceivedBytes() {
		long total = this.receivedBytes.sum();
		for (ReceiveCounter counter : this.receiveCounters) {
			total += counter.bytes;
		}
		return total;
	}

	/** Bytes of the messages counted by {@link #getSent()} (all frames), where the size is known. */
	public long getSentBytes() {
		return this.sentBytes.sum();
	}

	/** Description of the last error, or {@code null}. */
	public String getLastError() {
		return this.lastError;
	}

}
