package dev.zmqspring.benchmarks.support;

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

}
