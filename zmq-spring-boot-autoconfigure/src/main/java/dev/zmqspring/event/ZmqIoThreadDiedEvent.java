package dev.zmqspring.event;

/**
 * One of JeroMQ's own threads (an I/O thread or the reaper) failed with an {@link Error}
 * such as {@link OutOfMemoryError}. Either the starter recovered ({@link #isRecovered()}:
 * the error struck while the thread read a frame for one of the starter's listeners; the
 * thread goes on, and that endpoint's socket is reopened), or the thread died: TCP
 * sockets served by it send and receive nothing any more, the {@code zmq/io} health
 * indicator is DOWN, and only a restart of the application (a liveness probe on the
 * health group that holds {@code zmq/io} does it) brings them back. See
 * {@link dev.zmqspring.core.IoThreadFailures}.
 */
public class ZmqIoThreadDiedEvent extends ZmqEvent {

	private final String threadName;

	private final String description;

	private final boolean recovered;

	/**
	 * A thread that died.
	 * @param source what noticed it
	 * @param threadName the thread that died
	 * @param description what it died of, and what it means
	 */
	public ZmqIoThreadDiedEvent(Object source, String threadName, String description) {
		this(source, threadName, description, false);
	}

	/**
	 * @param source what noticed it
	 * @param threadName the thread that failed
	 * @param description what it failed with, and what it means
	 * @param recovered whether the thread goes on (and the endpoint it read for is
	 * reopened)
	 */
	public ZmqIoThreadDiedEvent(Object source, String threadName, String description, boolean recovered) {
		super(source);
		this.threadName = threadName;
		this.description = description;
		this.recovered = recovered;
	}

	/**
	 * Whether the starter recovered: the thread goes on serving, and the endpoint it was
	 * reading for is reopened; {@code false} when the thread died.
	 */
	public boolean isRecovered() {
		return this.recovered;
	}

	/** The name of the thread that failed. */
	public String getThreadName() {
		return this.threadName;
	}

	/** What it failed with, and what it means (the log line's words). */
	public String getDescription() {
		return this.description;
	}

}
