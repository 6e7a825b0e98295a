package dev.zmqspring.event;

/**
 * One of JeroMQ's own threads (an I/O thread or the reaper) died, of an {@link Error}
 * such as {@link OutOfMemoryError}: TCP sockets served by it send and receive nothing any
 * more, and the {@code zmq/io} health indicator is DOWN. Nothing of the starter brings
 * the thread back; restart the application (a liveness probe on the health group that
 * holds {@code zmq/io} does it).
 */
public class ZmqIoThreadDiedEvent extends ZmqEvent {

	private final String threadName;

	private final String description;

	/**
	 * @param source what noticed it
	 * @param threadName the thread that died
	 * @param description what it died of, and what it means
	 */
	public ZmqIoThreadDiedEvent(Object source, String threadName, String description) {
		super(source);
		this.threadName = threadName;
		this.description = description;
	}

	/** The name of the thread that died. */
	public String getThreadName() {
		return this.threadName;
	}

	/** What it died of, and what it means (the log line's words). */
	public String getDescription() {
		return this.description;
	}

}
