package dev.zmqspring.core;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * One time limit, {@code zmq.shutdown-timeout}, for the whole ZeroMQ shutdown of an
 * application context: listeners, outbox dispatchers, senders, devices, the ZAP
 * authenticator and the context itself share it instead of each waiting the full timeout
 * in turn.
 * <p>
 * When the application context closes, the first stage that begins to stop starts the
 * clock (the web server has drained by then: its lifecycle stops before the starter's),
 * and every later stage waits only for what remains. A stage that finds the deadline
 * passed still asks its threads to stop and closes what it can, without waiting, and logs
 * what it left behind. A stage stopped on its own while the application runs (a listener
 * registry stopped by hand, {@code context.stop()}) gets the full timeout for itself.
 */
public class ZmqShutdownDeadline implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

	private static final Log logger = LogFactory.getLog(ZmqShutdownDeadline.class);

	private final Duration timeout;

	private final LongSupplier nanoClock;

	private ApplicationContext applicationContext;

	private boolean closing;

	private boolean started;

	private long deadlineNanos;

	/**
	 * @param timeout the time the whole shutdown may take, from the first stage's stop on
	 */
	public ZmqShutdownDeadline(Duration timeout) {
		this(timeout, System::nanoTime);
	}

	ZmqShutdownDeadline(Duration timeout, LongSupplier nanoClock) {
		if (timeout == null || timeout.isNegative()) {
			throw new IllegalArgumentException("zmq.shutdown-timeout must not be negative, was " + timeout);
		}
		this.timeout = timeout;
		this.nanoClock = nanoClock;
	}

	/** The time the whole shutdown may take ({@code zmq.shutdown-timeout}). */
	public Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Marks that the application is closing: from now on every stage shares one clock,
	 * started by the first {@link #begin(String)}. Called when the application context
	 * publishes its {@link ContextClosedEvent}, and by stages that release resources from
	 * {@code destroy()}, which only runs on close.
	 */
	public synchronized void closing() {
		this.closing = true;
	}

	/**
	 * Called by a stage when it begins to stop.
	 * @param stage what is stopping, for the log
	 * @return the deadline in {@link System#nanoTime()} terms: the shared one while the
	 * application closes (started now when this is the first stage), or the full timeout
	 * from now for a stop while the application runs
	 */
	public synchronized long begin(String stage) {
		long now = this.nanoClock.getAsLong();
		if (!this.closing) {
			return now + this.timeout.toNanos();
		}
		if (!this.started) {
			this.started = true;
			this.deadlineNanos = now + this.timeout.toNanos();
			if (logger.isDebugEnabled()) {
				logger.debug("ZeroMQ shutdown started by " + stage + "; everything closes within " + this.timeout
						+ " (zmq.shutdown-timeout)");
			}
		}
		else if (now - this.deadlineNanos >= 0) {
			logger.warn("Stopping " + stage + " after zmq.shutdown-timeout (" + this.timeout
					+ ") has passed: closing what can be closed without waiting");
		}
		return this.deadlineNanos;
	}

	/**
	 * The time left until a deadline returned by {@link #begin(String)}; zero once it has
	 * passed.
	 * @param deadlineNanos the deadline
	 * @return the time left, never negative
	 */
	public Duration remaining(long deadlineNanos) {
		return Duration.ofNanos(Math.max(0, deadlineNanos - this.nanoClock.getAsLong()));
	}

	/**
	 * Whether the shared clock has started: the application is closing and a stage has
	 * begun to stop.
	 */
	public synchronized boolean isStarted() {
		return this.started;
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		// A child context's close reaches its parent's listeners too: only our own
		// context's close counts.
		if (this.applicationContext == null || event.getApplicationContext() == this.applicationContext) {
			closing();
		}
	}

}
