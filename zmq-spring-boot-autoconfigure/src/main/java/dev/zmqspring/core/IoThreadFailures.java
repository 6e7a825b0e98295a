package dev.zmqspring.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * at most once a minute. An {@link Error} (above all {@link OutOfMemoryError}) escapes
 * JeroMQ's loop and would end the thread. The starter runs the threads itself and looks
 * at where the error struck:
 * <ul>
 * <li>While reading a frame for one of the starter's listeners or senders (the memory for
 * a message, say): the thread runs its loop again at once, serving every other connection
 * as before, and the endpoint's socket is reopened on the same addresses
 * ({@link dev.zmqspring.listener.ZmqListenerContainer#reopen()} for a listener,
 * {@link SenderReopener} for a sender, {@link dev.zmqspring.proxy.ProxyReopener} for a
 * device), which gets rid of the connection the error left half-read; its peer
 * reconnects. Counted ({@link #getRecoveries()}), logged at ERROR, published as a
 * {@link ZmqIoThreadDiedEvent} that says so, and reported DOWN by the {@code zmq/io}
 * health indicator until the socket is open again. At most {@value #MAX_RECOVERIES} times
 * in {@value #RECOVERY_WINDOW_MINUTES} minutes: a failure that keeps coming back is
 * treated as below.</li>
 * <li>Anywhere else: the thread ends, and from then on no TCP socket on it sends or
 * receives anything, and no restart of the starter's components brings it back. That is
 * counted ({@link #getDeaths()}), logged at ERROR with its cause, published as a
 * {@link ZmqIoThreadDiedEvent}, and reported DOWN by the {@code zmq/io} health indicator
 * ({@link #getLastDeath()}), which belongs in a liveness group so that the platform
 * restarts the application.</li>
 * </ul>
 * <p>
 * {@link #install(ZContext)} must run before the context's first socket: JeroMQ starts
 * its threads then.
 */
public final class IoThreadFailures {

	/**
	 * How many failures may be recovered from within {@value #RECOVERY_WINDOW_MINUTES}
	 * minutes.
	 */
	public static final int MAX_RECOVERIES = 3;

	/** The window, in minutes, of {@value #MAX_RECOVERIES}. */
	public static final int RECOVERY_WINDOW_MINUTES = 10;

	private static final Log logger = LogFactory.getLog(IoThreadFailures.class);

	private final AtomicLong deaths = new AtomicLong();

	private final AtomicLong recoveries = new AtomicLong();

	private final AtomicInteger recovering = new AtomicInteger();

	/** Made in advance: when it is needed, the heap may be full. */
	private final Runnable reopened = this.recovering::decrementAndGet;

	private final AtomicLong caught = new AtomicLong();

	private final RepeatLimitedLog caughtLog = new RepeatLimitedLog(logger, Duration.ofMinutes(1));

	private final Deque<Long> recentRecoveries = new ArrayDeque<>();

	private volatile @Nullable String lastDeath;

	private volatile @Nullable Instant lastDeathTime;

	private volatile @Nullable String lastRecovery;

	private volatile @Nullable Instant lastRecoveryTime;

	private volatile @Nullable ZmqEventPublisher eventPublisher;

	/** What reopens the sockets of listeners, senders and devices, each its own. */
	private final List<EndpointReopener> reopeners = new CopyOnWriteArrayList<>();

	/**
	 * Sets where a thread failure is published as a {@link ZmqIoThreadDiedEvent}.
	 * @param eventPublisher the publisher, or {@code null} for none
	 */
	public void setEventPublisher(@Nullable ZmqEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Adds what reopens some endpoints' sockets after a failure while reading for them
	 * (the listeners', the senders', the devices'); a failure for an endpoint that none
	 * of them reopens ends its thread.
	 * @param reopener the reopener
	 */
	public void addEndpointReopener(EndpointReopener reopener) {
		this.reopeners.add(reopener);
	}

	/**
	 * Makes this the handler of the context's thread failures and of the exceptions its
	 * threads catch, and has the context's threads created by the starter. Call before
	 * the context's first socket is created.
	 * @param context the context
	 */
	public void install(ZContext context) {
		install(context, DefaultZmqThreadFactory.platformThreads());
	}

	/**
	 * Makes this the handler of the context's thread failures and of the exceptions its
	 * threads catch, and has the context's threads created by the starter, from the given
	 * factory's {@linkplain ZmqThreadFactory#newSocketThread socket threads}. Call before
	 * the context's first socket is created.
	 * @param context the context
	 * @param threads what creates the context's threads
	 */
	public void install(ZContext context, ZmqThreadFactory threads) {
		context.setUncaughtExceptionHandler(this::threadDied);
		context.setNotificationExceptionHandler(this::exceptionCaught);
		context.setThreadFactor(new ResumingIoThreads(this, (loop) -> {
			HandshakeWatchdog.install(loop);
			PausedReads.install(loop);
			DeferredDrops.install(loop);
		}, threads));
	}

	/**
	 * Called on a JeroMQ thread whose loop an error escaped from.
	 * @param thread the thread
	 * @param failure the error
	 * @param culprit the endpoint whose frame the thread was reading, if known
	 * @return whether the thread runs its loop again
	 */
	boolean failed(Thread thread, Throwable failure, @Nullable String culprit) {
		if (culprit == null || this.reopeners.isEmpty() || !mayRecover()) {
			threadDied(thread, failure);
			return false;
		}
		this.recovering.incrementAndGet();
		boolean reopening;
		try {
			reopening = reopen(culprit);
		}
		catch (Throwable ex) {
			reopening = false;
		}
		if (!reopening) {
			this.recovering.decrementAndGet();
			threadDied(thread, failure);
			return false;
		}
		// Counted first: building the description may itself run out of memory.
		this.recoveries.incrementAndGet();
		try {
			this.lastRecoveryTime = Instant.now();
			String description = "JeroMQ thread '" + thread.getName() + "' failed with " + failure
					+ " while reading a frame for endpoint '" + culprit + "': it goes on serving every other"
					+ " connection, and the endpoint's socket is reopened on the same addresses, which drops its"
					+ " connections (their peers reconnect) and loses the messages ZeroMQ had queued for it";
			this.lastRecovery = description;
			logger.error(description, failure);
			publish(thread, description, true);
		}
		catch (Throwable ex) {
			// Out of memory again: the counts remain, and health reads them.
		}
		return true;
	}

	private boolean reopen(String culprit) {
		for (EndpointReopener reopener : this.reopeners) {
			if (reopener.reopen(culprit, this.reopened)) {
				return true;
			}
		}
		return false;
	}

	private boolean mayRecover() {
		long now = System.nanoTime();
		long window = TimeUnit.MINUTES.toNanos(RECOVERY_WINDOW_MINUTES);
		synchronized (this.recentRecoveries) {
			while (!this.recentRecoveries.isEmpty() && now - this.recentRecoveries.peekFirst() > window) {
				this.recentRecoveries.removeFirst();
			}
			if (this.recentRecoveries.size() >= MAX_RECOVERIES) {
				return false;
			}
			this.recentRecoveries.addLast(now);
			return true;
		}
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
			publish(thread, description, false);
		}
		catch (Throwable ex) {
			// Out of memory again: the count remains, and health reads it.
		}
	}

	private void publish(Thread thread, String description, boolean recovered) {
		ZmqEventPublisher events = this.eventPublisher;
		if (events != null) {
			events.publish(new ZmqIoThreadDiedEvent(this, thread.getName(), description, recovered));
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

	/** How many of JeroMQ's threads died (and stayed dead) since startup. */
	public long getDeaths() {
		return this.deaths.get();
	}

	/**
	 * How many times one of JeroMQ's threads failed while reading for an endpoint, went
	 * on, and had that endpoint's socket reopened, since startup.
	 */
	public long getRecoveries() {
		return this.recoveries.get();
	}

	/**
	 * Whether an endpoint's sockets are being reopened after such a failure right now.
	 */
	public boolean isRecovering() {
		return this.recovering.get() > 0;
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

	/**
	 * The last failure that was recovered from, and what it cost; {@code null} while none
	 * was.
	 */
	public @Nullable String getLastRecovery() {
		return this.lastRecovery;
	}

	/** When {@link #getLastRecovery()} happened, or {@code null}. */
	public @Nullable Instant getLastRecoveryTime() {
		return this.lastRecoveryTime;
	}

}
