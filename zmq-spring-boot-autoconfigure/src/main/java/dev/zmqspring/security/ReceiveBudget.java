package dev.zmqspring.security;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The bytes one socket may hold for the application at once, in received frames larger
 * than {@link #ACCOUNTED_ABOVE}: queued until the application takes them, or being read.
 * <p>
 * A frame takes its size from the budget when the decoder asks for its memory (on
 * JeroMQ's I/O thread), and gives it back when the application takes its content
 * ({@link Hold#release()}). A frame that JeroMQ drops without handing it over (the
 * connection ended while it was read, a subscription filtered it out) gives it back once
 * the garbage collector has found it unreachable: each held frame has a phantom reference
 * in this budget's queue, which every {@link #take} drains first. No thread of its own.
 * <p>
 * A frame that does not fit is read into a scratch buffer of this budget (allocated at
 * the first refusal, the size of the largest message the socket accepts, shared by every
 * refused frame since their content is thrown away) and handed over as refused.
 */
final class ReceiveBudget {

	/**
	 * Frames up to this size are not counted: JeroMQ's high-water mark bounds how many it
	 * queues per peer, and counting them would cost more than the frame itself.
	 */
	static final int ACCOUNTED_ABOVE = 1024;

	private final long limit;

	private final int scratchSize;

	private final AtomicLong held = new AtomicLong();

	/** Every frame holding memory, so that its reference stays alive until released. */
	private final Set<Hold> holds = ConcurrentHashMap.newKeySet();

	private final ReferenceQueue<LargeFrame> collected = new ReferenceQueue<>();

	private volatile @Nullable ByteBuffer scratch;

	/**
	 * @param limit the bytes the socket may hold
	 * @param maxMessageSize the largest frame the socket accepts
	 */
	ReceiveBudget(long limit, long maxMessageSize) {
		this.limit = limit;
		this.scratchSize = (int) Math.min(maxMessageSize, Integer.MAX_VALUE);
	}

	/**
	 * Takes a frame's size from the budget.
	 * @return the hold to release when the application has the frame's content, or
	 * {@code null} when the frame does not fit
	 */
	@Nullable Hold take(LargeFrame frame, int size) {
		reclaim();
		long now;
		do {
			now = this.held.get();
			if (now + size > this.limit) {
				return null;
			}
		}
		while (!this.held.compareAndSet(now, now + size));
		Hold hold = new Hold(frame, size, this);
		this.holds.add(hold);
		return hold;
	}

	/**
	 * A buffer of the given size to read a refused frame into; its content is never
	 * looked at.
	 */
	ByteBuffer discard(int size) {
		ByteBuffer scratch = this.scratch;
		if (scratch == null) {
			scratch = ByteBuffer.allocate(this.scratchSize);
			this.scratch = scratch;
		}
		ByteBuffer view = scratch.duplicate();
		view.clear().limit(size);
		return view;
	}

	long limit() {
		return this.limit;
	}

	private void reclaim() {
		Reference<? extends LargeFrame> reference;
		while ((reference = this.collected.poll()) != null) {
			((Hold) reference).release();
		}
	}

	/** One frame's share of the budget. */
	static final class Hold extends PhantomReference<LargeFrame> {

		private final int size;

		private final ReceiveBudget budget;

		private Hold(LargeFrame frame, int size, ReceiveBudget budget) {
			super(frame, budget.collected);
			this.size = size;
			this.budget = budget;
		}

		/** Gives the frame's size back; only the first call counts. */
		void release() {
			if (this.budget.holds.remove(this)) {
				this.budget.held.addAndGet(-this.size);
			}
			clear();
		}

	}

}
