package dev.zmqspring.event;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.zmqspring.core.CheckedThreadFactory;
import dev.zmqspring.core.DefaultZmqThreadFactory;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.core.ZmqThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the starter's events as Spring application events from one daemon thread,
 * {@code zmq-events}.
 * <p>
 * Connection events are reported by JeroMQ on its I/O thread, and container events on a
 * listener's own thread; calling the application's listeners there would let a slow
 * listener hold up every socket of the context (or, worse, let a listener that sends
 * through the starter wait for the very thread it blocks). So {@link #publish} only
 * queues the event and returns at once; when the queue is full the event is dropped and
 * counted, never waited for.
 */
public class ZmqEventPublisher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ZmqEventPublisher.class);

	private static final int POLL_INTERVAL_MS = ZmqSocketFactory.POLL_INTERVAL_MS;

	private final ApplicationEventPublisher delegate;

	private final BlockingQueue<ZmqEvent> queue;

	private final LongAdder dropped = new LongAdder();

	private final Thread thread;

	private volatile boolean closed;

	/**
	 * Creates the publisher and starts its thread, a platform thread.
	 * @param delegate where events go, usually the application context
	 * @param capacity how many events may wait to be published
	 */
	public ZmqEventPublisher(ApplicationEventPublisher delegate, int capacity) {
		this(delegate, capacity, DefaultZmqThreadFactory.platformThreads());
	}

	/**
	 * Creates the publisher and starts its thread, a
	 * {@linkplain ZmqThreadFactory#newWorkerThread worker thread} of the given factory.
	 * @param delegate where events go, usually the application context
	 * @param capacity how many events may wait to be published
	 * @param threads what creates the thread
	 */
	public ZmqEventPublisher(ApplicationEventPublisher delegate, int capacity, ZmqThreadFactory threads) {
		this.delegate = delegate;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.thread = CheckedThreadFactory.of(threads).newWorkerThread("zmq-events", this::run);
		this.thread.start();
	}

	/**
	 * Queues an event; never blocks.
	 * @param event the event
	 */
	public void publish(ZmqEvent event) {
		if (this.closed || !this.queue.offer(event)) {
			this.dropped.increment();
		}
	}

	/** Events not published because the queue was full or the publisher closed. */
	public long getDropped() {
		return this.dropped.sum();
	}

	/** Stops the thread; events still queued are dropped. */
	@Override
	public void close() {
		this.closed = true;
	}

	private void run() {
		while (!this.closed) {
			ZmqEvent event;
			try {
				event = this.queue.poll(POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (event != null) {
				try {
					this.delegate.publishEvent(event);
				}
				catch (RuntimeException ex) {
					// A failing listener must not stop the events that follow.
					logger.warn("A listener of " + event + " failed", ex);
				}
			}
		}
		this.queue.clear();
	}

}
