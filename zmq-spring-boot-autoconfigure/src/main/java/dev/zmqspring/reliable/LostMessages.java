package dev.zmqspring.reliable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The messages an outbox dispatcher sent that were not acknowledged in time and now wait
 * for their back-off. No sender can claim them before their back-off ends, so this one
 * may make them due earlier: one at a time as a probe while it has nothing on the wire
 * (at most once per poll interval), and all at once as soon as a message sent after the
 * latest timeout is acknowledged (the receiver is back). A receiver that comes back after
 * an outage thus gets its messages within about a poll interval, not after back-offs of
 * up to {@code max-backoff}. A message answered with an error keeps its back-off: its
 * receiver is there and failed it. Used by the dispatcher's own thread only.
 */
final class LostMessages {

	private final Map<String, Lost> waiting = new HashMap<>();

	private long lastProbe;

	/** The number of the latest send that timed out. */
	private long lastLostSend;

	/**
	 * A message timed out and waits until {@code retryAt}.
	 * @param send the number of the send that timed out
	 */
	void lost(String messageId, int attempt, long retryAt, long send) {
		this.waiting.put(messageId, new Lost(messageId, attempt, retryAt));
		this.lastLostSend = Math.max(this.lastLostSend, send);
	}

	/** A message was claimed for another send. */
	void claimed(String messageId) {
		this.waiting.remove(messageId);
	}

	boolean isEmpty() {
		return this.waiting.isEmpty();
	}

	/**
	 * Messages were acknowledged. When one of them was sent after the latest send that
	 * timed out, the receiver is back: every message still waiting for its back-off is
	 * returned, to be made due now, and none waits any more. A late acknowledgement of an
	 * earlier send says nothing of the kind.
	 * @param lastSend the highest send number acknowledged
	 */
	List<Lost> answeredAfter(long lastSend, long now) {
		if (this.waiting.isEmpty() || lastSend <= this.lastLostSend) {
			return List.of();
		}
		List<Lost> due = new ArrayList<>();
		for (Lost lost : this.waiting.values()) {
			if (lost.retryAt() > now) {
				due.add(lost);
			}
		}
		this.waiting.clear();
		return due;
	}

	/**
	 * The message to send now to learn whether the receiver is back (the one whose
	 * back-off ends first), at most once per interval; {@code null} when none is due for
	 * a probe.
	 */
	@Nullable Lost probe(long now, long interval) {
		if (this.waiting.isEmpty() || now - this.lastProbe < interval) {
			return null;
		}
		forgetDue(now);
		Lost first = null;
		for (Lost lost : this.waiting.values()) {
			if (first == null || lost.retryAt() < first.retryAt()) {
				first = lost;
			}
		}
		if (first != null) {
			this.waiting.remove(first.messageId());
			this.lastProbe = now;
		}
		return first;
	}

	/**
	 * Forgets the messages whose back-off ended: they are due, and any sender may claim
	 * them.
	 */
	void forgetDue(long now) {
		this.waiting.values().removeIf((lost) -> lost.retryAt() <= now);
	}

	/**
	 * A message waiting for its back-off.
	 *
	 * @param messageId its id
	 * @param attempt its attempts so far
	 * @param retryAt when its back-off ends (epoch milliseconds)
	 */
	record Lost(String messageId, int attempt, long retryAt) {
	}

}
