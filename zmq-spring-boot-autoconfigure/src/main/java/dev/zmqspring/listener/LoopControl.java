package dev.zmqspring.listener;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.zmqspring.core.ZmqSocketFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * The flags a container's threads watch: stop (with a deadline for the work in hand) and
 * pause. Waiting here uses a condition with a timeout, so a paused listener wakes at once
 * on resume and never sleeps in a loop.
 */
final class LoopControl {

	/**
	 * How often a waiting thread looks at the flags. Not a latency: messages and resume
	 * wake it at once.
	 */
	static final int POLL_INTERVAL_MS = ZmqSocketFactory.POLL_INTERVAL_MS;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition resumed = this.lock.newCondition();

	private volatile boolean stopping;

	private volatile boolean paused;

	private volatile long deadlineNanos;

	void stop(long deadlineNanos) {
		this.deadlineNanos = deadlineNanos;
		this.stopping = true;
		signal();
	}

	boolean isStopping() {
		return this.stopping;
	}

	boolean pastDeadline() {
		return this.stopping && System.nanoTime() - this.deadlineNanos > 0;
	}

	void pause() {
		this.paused = true;
	}

	void resume() {
		this.paused = false;
		signal();
	}

	boolean isPaused() {
		return this.paused;
	}

	/** While paused (and not stopping), waits up to one poll interval for a resume. */
	void awaitResumed() {
		this.lock.lock();
		try {
			if (this.paused && !this.stopping) {
				this.resumed.await(POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Receives the next message for a loop that reads its socket itself: nothing while
	 * paused, and a message that came while this thread waited in receive is held until
	 * resumed, so that nothing is processed once {@code pause()} has returned (stopping
	 * lets it through, like any message in hand).
	 * @return the frames, or {@code null} when none came within the receive timeout or
	 * the loop was paused
	 */
	@Nullable List<byte[]> receive(ZMQ.Socket socket) {
		if (isPaused()) {
			awaitResumed();
			return null;
		}
		List<byte[]> frames = Frames.receive(socket, 0);
		if (frames != null) {
			while (isPaused() && !isStopping()) {
				awaitResumed();
			}
		}
		return frames;
	}

	/** Waits up to {@code millis}, or less when asked to stop. */
	void awaitStop(long millis) {
		this.lock.lock();
		try {
			if (!this.stopping) {
				this.resumed.await(millis, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void signal() {
		this.lock.lock();
		try {
			this.resumed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
