package dev.zmqspring.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The hand-over between a thread that opens its own sockets and the thread that started
 * it: the starter waits until the sockets are bound or connected, and gets the opening
 * thread's exception when they could not be.
 */
public final class OpenSignal {

	private final CountDownLatch done = new CountDownLatch(1);

	private volatile @Nullable RuntimeException failure;

	/** Called by the opening thread once its sockets are open. */
	public void opened() {
		this.done.countDown();
	}

	/** Called by the opening thread when its sockets could not be opened. */
	public void failed(RuntimeException ex) {
		this.failure = ex;
		this.done.countDown();
	}

	/** Whether the opening thread has reported, either way. */
	public boolean isDone() {
		return this.done.getCount() == 0;
	}

	/** The reason the sockets could not be opened, or {@code null}. */
	public @Nullable RuntimeException getFailure() {
		return this.failure;
	}

	/**
	 * Waits for the opening thread.
	 * @param what what is being opened, for messages, such as {@code "Listener 'orders'"}
	 * @param timeout the longest wait
	 * @throws RuntimeException the opening thread's failure, or a {@link ZmqException}
	 * when it did not report in time
	 */
	public void await(String what, Duration timeout) {
		try {
			if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new ZmqException(what + " did not open its sockets within " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ZmqException("Interrupted while opening " + what, ex);
		}
		if (this.failure != null) {
			throw this.failure;
		}
	}

}
