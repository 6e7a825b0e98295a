package dev.zmqspring.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.zmqspring.event.ZmqEventPublisher;
import dev.zmqspring.event.ZmqIoThreadDiedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZContext;

/**
 * What went wrong on JeroMQ's own threads (its I/O threads and reaper), which no
 * application code runs on and no exception of which reaches the application.
 * <p>
 * JeroMQ catches an exception that one connection's work throws on an I/O thread, and
 * goes on serving the others: each is counted ({@link #getCaught()}) and logged at WARN,
 * at most once a minute. An {@link Error} (above all {@link OutOfMemoryError}) ends the
 * thread: from then on no TCP socket on it sends or receives anything, and no restart of
 * the starter's components brings it back. That is counted ({@link #getDeaths()}), logged
 * at ERROR with its cause, and reported DOWN by the {@code zmq/io} health indicator
 * ({@link #getLastDeath()}), which belongs in a liveness group so that the platform
 * restarts the application; a {@link ZmqIoThreadDiedEvent} is published as well.
 * <p>
 * {@link #install(ZContext)} must run before the context's first socket: JeroMQ starts
 * its threads then.
 */
public final class IoThreadFailures {

	private static final Log logger = LogFactory.getLog(IoThreadFailures.class);

	private final AtomicLong deaths = new AtomicLong();

	private final AtomicLong caught = new AtomicLong();

	private final RepeatLimitedLog caughtLog = new RepeatLimitedLog(logger, Duration.ofMinutes(1));

	private volatile @Nullable String lastDeath;

	private volatile @Nullable Instant lastDeathTime;

	private volatile @Nullable ZmqEventPublisher eventPublisher;

	/**
	 * Sets where a thread death is published as a {@link ZmqIoThreadDiedEvent}.
	 * @param eventPublisher the publisher, or {@code null} for none
	 */
	public void setEventPublisher(@Nullable ZmqEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Makes this the handler of the context's thread deaths and of the exceptions its
	 * threads catch. Call before the context's first socket is created.
	 * @param context the context
	 */
	public void install(ZContext context) {
		context.setUncaughtExceptionHandler(this::threadDied);
		context.setNotificationExceptionHandler(this::exceptionCaught);
	}

	void threadDied(Thread thread, Throwable failure) {
		// Counted first: building the description may itself run out of memory.
		this.deaths.incrementAndGet();
		try {
			this.lastDeathTime = Instant.now();
			String description = "JeroMQ thread '" + thread.getName() + "' died of " + failure
					+ ": TCP sockets served by it send and receive nothing any more; restart the application"
					+ " (the zmq/io health indicator is DOWN)";
			this.lastDeath = description;
			logger.error(description, failure);
			ZmqEventPublisher events = this.eventPublisher;
			if (events != null) {
				events.publish(new ZmqIoThreadDiedEvent(this, thread.getName(), description));
			}
		}
		catch (Throwable ex) {
			// Out of memory again: the count remains, and health reads it.
		}
	}

	void exceptionCaught(Thread thread, Throwable failure) {
		this.caught.incrementAndGet();
		try {
			this.caughtLog.warn("JeroMQ thread '" + thread.getName() + "' caught " + failure
					+ " while serving one connection, and goes on serving the others");
		}
		catch (Throwable ex) {
			// Never throw into JeroMQ's loop.
		}
	}

	/** How many of JeroMQ's threads died since startup. */
	public long getDeaths() {
		return this.deaths.get();
	}

	/** How many exceptions JeroMQ's threads caught and survived since startup. */
	public long getCaught() {
		return this.caught.get();
	}

	/**
	 * Which thread died last, of what, and what it means; {@code null} while none has
	 * died, and possibly when the death left no memory to describe it (see
	 * {@link #getDeaths()}).
	 */
	public @Nullable String getLastDeath() {
		return this.lastDeath;
	}

	/** When {@link #getLastDeath()} happened, or {@code null}. */
	public @Nullable Instant getLastDeathTime() {
		return this.lastDeathTime;
	}

}
