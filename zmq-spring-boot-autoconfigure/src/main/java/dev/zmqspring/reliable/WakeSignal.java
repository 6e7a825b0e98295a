package dev.zmqspring.reliable;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes a worker thread that waits for work: a wake-up given while the thread is busy is
 * kept, so the next wait returns at once and nothing given meanwhile is slept through.
 */
final class WakeSignal {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition signal = this.lock.newCondition();

	private boolean signalled;

	/** Wakes the waiting thread, or the next wait. */
	void wake() {
		this.lock.lock();
		try {
			this.signalled = true;
			this.signal.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits up to {@code millis} unless woken since the last wait or {@code stopping};
	 * clears the wake-up.
	 */
	void await(long millis, boolean stopping) {
		this.lock.lock();
		try {
			if (!this.signalled && !stopping) {
				this.signal.await(millis, TimeUnit.MILLISECONDS);
			}
			this.signalled = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

}
