package dev.zmqspring.benchmarks.raw;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The thread of a hand-written server or receiving loop. It owns one socket from start to
 * end: the loop opens it, says where it is ({@link #ready}) before the constructor
 * returns, receives with a short timeout while {@link #running()}, and closes it; closing
 * this waits for that.
 */
final class SocketThread implements AutoCloseable {

	private final Thread thread;

	private final CountDownLatch ready = new CountDownLatch(1);

	private volatile boolean stopping;

	private volatile String address;

	/**
	 * Starts the loop and waits until it is ready.
	 * @param name the thread's name
	 * @param loop what the thread runs, given this
	 */
	SocketThread(String name, Consumer<SocketThread> loop) {
		this.thread = new Thread(() -> loop.accept(this), name);
		this.thread.start();
		try {
			if (!this.ready.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("'" + name + "' did not start within 10 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Called by the loop once its socket is bound (or connected) at {@code address}. */
	void ready(String address) {
		this.address = address;
		this.ready.countDown();
	}

	/** Whether the loop should go on receiving. */
	boolean running() {
		return !this.stopping;
	}

	/** Where the socket is bound (with the port the system chose) or connected. */
	String address() {
		return this.address;
	}

	/** Stops the loop and waits up to 5 s for it to close its socket. */
	@Override
	public void close() {
		this.stopping = true;
		try {
			this.thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
