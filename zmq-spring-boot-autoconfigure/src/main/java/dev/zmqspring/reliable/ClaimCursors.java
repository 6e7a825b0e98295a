package dev.zmqspring.reliable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a fetch server's next claim for each group starts, in publish order
 * ({@code seq}), so that a claim does not walk what its group has in flight. Claimed
 * messages stay in the store until acknowledged and come first in publish order; a
 * caught-up group is claimed for at each publication, and each of those claims walked
 * every message the group had in flight before it found the new one.
 * <p>
 * A claim starts at the last message claimed, or at a message committed or released
 * behind it that this application knows of (its own publications, and what its fetch
 * server released); and from the group's first message at least every
 * {@link #FULL_SCAN_INTERVAL_NANOS}, for what the application cannot know of: leases that
 * ran out, and messages of other instances committed behind the cursor. Those reach the
 * group that much later at most. The fetch server's thread only, but {@link #committed}
 * and {@link #rewind}, which any thread calls.
 */
final class ClaimCursors {

	/** How often a claim starts from the group's first message, at least. */
	static final long FULL_SCAN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	/** The lowest seq committed since the last claim; {@code Long.MAX_VALUE} for none. */
	private final AtomicLong committedFrom = new AtomicLong(Long.MAX_VALUE);

	/** Every group claims from its first message next (set by any thread). */
	private volatile boolean rewindAll;

	private final Map<String, Cursor> cursors = new HashMap<>();

	/**
	 * A message with this seq was committed: the next claims start no later than it. Any
	 * thread.
	 */
	void committed(long seq) {
		this.committedFrom.accumulateAndGet(seq, Math::min);
	}

	/** Every group's next claim starts from its first message. Any thread. */
	void rewind() {
		this.rewindAll = true;
	}

	/** A group's next claim starts from its first message. */
	void rewind(String group) {
		cursor(group).next = Long.MIN_VALUE;
	}

	/** A group's message with this seq was made due again: its next claim takes it. */
	void released(String group, long seq) {
		Cursor cursor = cursor(group);
		cursor.next = Math.min(cursor.next, seq);
	}

	/**
	 * Where the next claim of a group starts.
	 * @param group the group
	 * @param nanoTime {@link System#nanoTime()}
	 * @return the lowest seq to claim from; {@code Long.MIN_VALUE} for the group's first
	 * message
	 */
	long from(String group, long nanoTime) {
		long committed = this.committedFrom.getAndSet(Long.MAX_VALUE);
		boolean all = this.rewindAll;
		if (all) {
			this.rewindAll = false;
		}
		if (committed != Long.MAX_VALUE || all) {
			for (Cursor cursor : this.cursors.values()) {
				cursor.next = all ? Long.MIN_VALUE : Math.min(cursor.next, committed);
			}
		}
		Cursor cursor = cursor(group);
		if (cursor.next == Long.MIN_VALUE || nanoTime - cursor.fullScanAt >= FULL_SCAN_INTERVAL_NANOS) {
			cursor.fullScanAt = nanoTime;
			return Long.MIN_VALUE;
		}
		return cursor.next;
	}

	/**
	 * Moves a group's cursor past a claim made from where {@link #from} said.
	 * @param group the group
	 * @param limit how many messages the claim could take
	 * @param claimed what it took, in publish order
	 */
	void claimed(String group, int limit, List<TopicDelivery> claimed) {
		if (limit <= 0) {
			return;
		}
		Cursor cursor = cursor(group);
		if (!claimed.isEmpty()) {
			// From the last one it took, not after it: another instance's message may
			// have the same seq.
			long last = claimed.get(claimed.size() - 1).message().seq();
			cursor.top = Math.max(cursor.top, last);
			if (claimed.size() >= limit) {
				// More may be due right after the last one it took.
				cursor.next = last;
				return;
			}
		}
		// It took everything due from where it started: what comes before the highest
		// message ever claimed is in flight, or not committed yet (and then committed
		// behind the cursor), or waits for its back-off or lease (a full claim's).
		cursor.next = cursor.top;
	}

	private Cursor cursor(String group) {
		return this.cursors.computeIfAbsent(group, (name) -> new Cursor());
	}

	private static final class Cursor {

		/** Where the next claim starts; {@code Long.MIN_VALUE} for the first message. */
		long next = Long.MIN_VALUE;

		/** The highest message claimed so far. */
		long top = Long.MIN_VALUE;

		/** When a claim last started from the group's first message (nanoTime). */
		long fullScanAt;

	}

}
