package dev.zmqspring.benchmarks.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Application threads that send together: each round, every thread sends its share. The
 * threads live for the whole scenario, so that a sender that keeps a socket per thread
 * (the raw variant) keeps it across rounds.
 */
public final class SendingThreads implements AutoCloseable {

	private final List<Thread> threads = new ArrayList<>();

	private final CyclicBarrier start;

	private final CyclicBarrier end;

	private volatile int perThread;

	private volatile boolean stopping;

	private volatile Throwable failure;

	/**
	 * Starts the threads.
	 * @param count how many threads
	 * @param senders called once on each thread with its index: returns what that thread
	 * calls to send one message
	 */
	public SendingThreads(int count, IntFunction<PerThreadSender> senders) {
		this.start = new CyclicBarrier(count + 1);
		this.end = new CyclicBarrier(count + 1);
		for (int i = 0; i < count; i++) {
			int index = i;
			Thread thread = new Thread(() -> run(senders, index), "app-sender-" + i);
			this.threads.add(thread);
			thread.start();
		}
	}

	private void run(IntFunction<PerThreadSender> senders, int index) {
		PerThreadSender sender = null;
		try {
			sender = senders.apply(index);
			while (true) {
				this.start.await();
				if (this.stopping) {
					return;
				}
				try {
					for (int i = 0; i < this.perThread; i++) {
						sender.send(i);
					}
				}
				catch (RuntimeException ex) {
					this.failure = ex;
				}
				this.end.await();
			}
		}
		catch (InterruptedException | BrokenBarrierException ex) {
			// Closing.
		}
		finally {
			if (sender != null) {
				sender.close();
			}
		}
	}

	/** Every thread sends {@code perThread} messages; returns when all have. */
	public void send(int perThread) throws Exception {
		this.perThread = perThread;
		this.start.await(60, TimeUnit.SECONDS);
		// Long enough for a backlog (scenario 8 stores 100,000 messages with a commit
		// each).
		this.end.await(10, TimeUnit.MINUTES);
		if (this.failure != null) {
			throw new IllegalStateException("A sending thread failed", this.failure);
		}
	}

	public int size() {
		return this.threads.size();
	}

	@Override
	public void close() {
		this.stopping = true;
		try {
			this.start.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException | BrokenBarrierException | TimeoutException ex) {
			// Threads that are gone already.
		}
		for (Thread thread : this.threads) {
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** What one application thread calls to send; closed on that thread. */
	public interface PerThreadSender {

		/** Sends message {@code sequence}. */
		void send(long sequence);

		/** Releases what the thread holds (its socket). */
		default void close() {
		}

	}

}
