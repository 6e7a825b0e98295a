package dev.zmqspring.core;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

import org.jspecify.annotations.Nullable;

/**
 * The deadlines of the requests a {@link RequestReplyClient} has in flight, checked by
 * its owner thread (and used only there), so that timing a request out costs no timer
 * thread and no wake-up of another thread.
 * <p>
 * Requests mostly share their endpoint's timeout and are taken in the order they were
 * made, so their deadlines mostly come in order: those go to a queue in which the first
 * is always the nearest, and answered requests leave it from the front as fast as they
 * came in. A request whose deadline is nearer than the last one queued (a shorter timeout
 * given to one call) goes to a priority queue instead.
 */
final class RequestDeadlines {

	private final ArrayDeque<PendingRequest> inOrder = new ArrayDeque<>();

	private final PriorityQueue<PendingRequest> outOfOrder = new PriorityQueue<>(
			(a, b) -> Long.compare(a.deadlineNanos() - b.deadlineNanos(), 0));

	void add(PendingRequest request) {
		PendingRequest last = this.inOrder.peekLast();
		if (last == null || request.deadlineNanos() - last.deadlineNanos() >= 0) {
			this.inOrder.addLast(request);
		}
		else {
			this.outOfOrder.add(request);
		}
	}

	/**
	 * Takes the next request that is settled or whose deadline has passed, or returns
	 * {@code null}. Settled ones are taken only from the front, which is where answers in
	 * order leave them.
	 * @param now {@link System#nanoTime()}
	 */
	@Nullable PendingRequest takeSettledOrDue(long now) {
		PendingRequest next = takeIfSettledOrDue(this.inOrder.peekFirst(), now);
		if (next != null) {
			return this.inOrder.pollFirst();
		}
		next = takeIfSettledOrDue(this.outOfOrder.peek(), now);
		return (next != null) ? this.outOfOrder.poll() : null;
	}

	private static @Nullable PendingRequest takeIfSettledOrDue(@Nullable PendingRequest first, long now) {
		if (first != null && (first.isSettled() || now - first.deadlineNanos() >= 0)) {
			return first;
		}
		return null;
	}

	/**
	 * Nanoseconds until the nearest deadline of the requests at the front
	 * ({@link Long#MAX_VALUE} when there are none); call after taking what
	 * {@link #takeSettledOrDue(long)} gives.
	 */
	long nanosUntilNext(long now) {
		long nearest = Long.MAX_VALUE;
		PendingRequest first = this.inOrder.peekFirst();
		if (first != null) {
			nearest = first.deadlineNanos() - now;
		}
		first = this.outOfOrder.peek();
		if (first != null) {
			nearest = Math.min(nearest, first.deadlineNanos() - now);
		}
		return nearest;
	}

	boolean isEmpty() {
		return this.inOrder.isEmpty() && this.outOfOrder.isEmpty();
	}

}
