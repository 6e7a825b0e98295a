package dev.zmqspring.benchmarks.support;

import java.time.Duration;

/**
 * A throughput variant whose messages are sent by several application threads: each
 * round's count is a multiple of the threads, and each sends its share.
 */
public abstract class ThreadedVariant implements ThroughputVariant {

	private final Arrivals arrivals = new Arrivals();

	/** The sending threads (set up by the subclass's constructor). */
	protected abstract SendingThreads threads();

	@Override
	public Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	public int deliveriesPerMessage() {
		return threads().size();
	}

	@Override
	public void send(int count) throws Exception {
		threads().send(count / threads().size());
	}

	/**
	 * Has every thread send one message and waits until all arrived, so that what the
	 * threads open on their first message (a socket each) exists before anything is
	 * counted.
	 */
	protected final void sendOnceOnEveryThread() {
		this.arrivals.reset(threads().size());
		try {
			threads().send(1);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		this.arrivals.await(Duration.ofSeconds(20));
	}

}
