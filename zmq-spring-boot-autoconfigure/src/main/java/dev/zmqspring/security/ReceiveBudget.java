package dev.zmqspring.security;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

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
 * <b>When the budget is full</b> and the listener has whole messages to catch up on
 * (frames that end their message are held), the socket stops reading from its peers
 * ({@code pause}, which stops the connections on the current I/O thread) and finishes the
 * frame it was reading when it filled, if that frame keeps within one largest message
 * over the budget. It reads again once the application has taken enough to bring the
 * budget down to {@link #resumeLevel()}; or, for a moment, when the application has taken
 * nothing for {@link #STALL_NANOS} (it may be paused on purpose; the frames it holds may
 * belong to messages it will never get), or the pause has lasted half the socket's
 * heartbeat timeout (a connection that is not read does not answer heartbeats). Then a
 * frame more than one largest message over the budget is refused, and the next frame over
 * the budget stops the reads again. When the budget is full of frames the listener cannot
 * take (parts of messages whose last part has not come, frames a peer announced and never
 * sent), pausing would wait for nothing: the frame is refused instead.
 * <p>
 * A refused frame is read into a scratch buffer of this budget (allocated at the first
 * refusal, the size of the largest message the socket accepts, shared by every refused
 * frame since their content is thrown away) and handed over as refused.
 */
final class ReceiveBudget {

	/**
	 * Frames up to this size are not counted: JeroMQ's high-water mark bounds how many it
	 * queues per peer, and counting them would cost more than the frame itself.
	 */
	static final int ACCOUNTED_ABOVE = 1024;

	/**
	 * How long a paused socket waits for the application to take something before it
	 * reads again, refusing what does not fit.
	 */
	static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final long stallNanos;

	private final long maxPauseNanos;

	private final long limit;

	private final int scratchSize;

	private final long resumeLevel;

	/** Stops the socket's reads; says whether it could. */
	private final Predicate<BooleanSupplier> pause;

	/** Told when the socket stops reading while it was reading. */
	private final Runnable paused;

	/** Told when the socket reads again because the application took nothing. */
	private final Runnable stalled;

	private final AtomicLong held = new AtomicLong();

	/**
	 * Of {@link #held}, the frames that end their message: what the listener can take.
	 */
	private final AtomicLong lastFramesHeld = new AtomicLong();

	/** Every frame holding memory, so that its reference stays alive until released. */
	private final Set<Hold> holds = ConcurrentHashMap.newKeySet();

	private final ReferenceQueue<LargeFrame> collected = new ReferenceQueue<>();

	private volatile @Nullable ByteBuffer scratch;

	/** Whether the socket stopped reading; set and cleared on the I/O thread. */
	private volatile boolean pausing;

	/** When the socket last stopped reading, or the application last took a frame. */
	private volatile long progressNanos;

	/** When the socket last stopped reading. */
	private volatile long pausedNanos;

	/**
	 * @param limit the bytes the socket may hold
	 * @param maxMessageSize the largest frame the socket accepts
	 * @param pause stops the socket's reads on the current thread until the given
	 * condition holds, and says whether it could
	 * @param paused told when the socket stops reading
	 * @param stalled told when the socket reads again because the application has taken
	 * nothing for {@link #STALL_NANOS}
	 * @param maxPause the longest a pause may last, so that no heartbeat times out on a
	 * connection that is not read
	 */
	ReceiveBudget(long limit, long maxMessageSize, Predicate<BooleanSupplier> pause, Runnable paused, Runnable stalled,
			Duration maxPause) {
		this(limit, maxMessageSize, pause, paused, stalled, STALL_NANOS, maxPause.toNanos());
	}

	/** A budget whose socket reads again after other times; for tests. */
	ReceiveBudget(long limit, long maxMessageSize, Predicate<BooleanSupplier> pause, Runnable paused, Runnable stalled,
			long stallNanos, long maxPauseNanos) {
		this.stallNanos = stallNanos;
		this.maxPauseNanos = maxPauseNanos;
		this.limit = limit;
		this.scratchSize = (int) Math.min(maxMessageSize, Integer.MAX_VALUE);
		this.resumeLevel = Math.max(0, limit - Math.max(this.scratchSize, limit / 4));
		this.pause = pause;
		this.paused = paused;
		this.stalled = stalled;
	}

	/**
	 * Takes a frame's size from the budget; when the budget is full, stops the socket's
	 * reads or refuses the frame.
	 * @return the hold to release when the application has the frame's content, or
	 * {@code null} when the frame is refused
	 */
	@Nullable Hold take(LargeFrame frame, int size) {
		reclaim();
		if (!reserve(size, this.limit)) {
			if (this.lastFramesHeld.get() == 0 || !pauseReads() || !reserve(size, this.limit + this.scratchSize)) {
				return null;
			}
		}
		Hold hold = new Hold(frame, size, this);
		this.holds.add(hold);
		return hold;
	}

	private boolean reserve(int size, long most) {
		long now;
		do {
			now = this.held.get();
			if (now + size > most) {
				return false;
			}
		}
		while (!this.held.compareAndSet(now, now + size));
		return true;
	}

	private boolean pauseReads() {
		if (!this.pause.test(this::mayReadAgain)) {
			return false;
		}
		if (!this.pausing) {
			this.pausing = true;
			long now = System.nanoTime();
			this.progressNanos = now;
			this.pausedNanos = now;
			this.paused.run();
		}
		return true;
	}

	/** Asked on the I/O thread while the socket's reads are stopped. */
	private boolean mayReadAgain() {
		reclaim();
		long now = System.nanoTime();
		boolean stalled = now - this.progressNanos >= this.stallNanos;
		boolean tooLong = now - this.pausedNanos >= this.maxPauseNanos;
		if (this.held.get() <= this.resumeLevel || this.lastFramesHeld.get() == 0 || stalled || tooLong) {
			this.pausing = false;
			if (stalled && this.held.get() > this.resumeLevel && this.lastFramesHeld.get() > 0) {
				this.stalled.run();
			}
			return true;
		}
		return false;
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

	/** The bytes held now. */
	long held() {
		return this.held.get();
	}

	/** Where the held bytes must come down to before a paused socket reads again. */
	long resumeLevel() {
		return this.resumeLevel;
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

		/** Whether the frame was read whole and ends its message. */
		private boolean last;

		private boolean released;

		private Hold(LargeFrame frame, int size, ReceiveBudget budget) {
			super(frame, budget.collected);
			this.size = size;
			this.budget = budget;
		}

		/**
		 * The frame was read whole, on the I/O thread, and is handed to the socket.
		 * @param endsMessage whether it is the last frame of its message
		 */
		synchronized void completed(boolean endsMessage) {
			if (endsMessage && !this.released && !this.last) {
				this.last = true;
				this.budget.lastFramesHeld.addAndGet(this.size);
			}
		}

		/** Gives the frame's size back; only the first call counts. */
		void release() {
			synchronized (this) {
				if (this.released) {
					return;
				}
				this.released = true;
				if (this.last) {
					this.budget.lastFramesHeld.addAndGet(-this.size);
				}
			}
			if (this.budget.holds.remove(this)) {
				this.budget.held.addAndGet(-this.size);
				this.budget.progressNanos = System.nanoTime();
			}
			clear();
		}

	}

}
