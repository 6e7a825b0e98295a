package dev.zmqspring.core;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import zmq.Options;
import zmq.io.StreamEngine;
import zmq.poll.IPollEvents;
import zmq.poll.Poller;

/**
 * Gives JeroMQ's handshake interval its full meaning, on one I/O thread. libzmq drops a
 * connection that has not completed its whole handshake (greeting, then the security
 * mechanism's commands) within {@code ZMQ_HANDSHAKE_IVL}; JeroMQ 0.6.0 cancels its timer
 * when the greeting ends, so a peer that stalls after its greeting (an attacker, or a
 * connection whose reads JeroMQ itself lost) keeps its connection, and what it holds, for
 * as long as the socket lives, and a connecting socket waits for a stalled server for
 * good.
 * <p>
 * Four times a second, on the I/O thread itself (a JeroMQ timer, so nothing races with
 * JeroMQ), this looks at the thread's TCP engines and drops each one still in its
 * mechanism handshake after its socket's handshake interval, the way JeroMQ's own
 * handshake timer drops one that is still in its greeting. The engines are reached
 * through four private fields of JeroMQ 0.6.0; when they cannot be read (another JeroMQ
 * version, a closed module), the watchdog is not installed and says so once.
 * <p>
 * Each look also records which connections have completed their handshake
 * ({@link #completed(Object)}), for {@code max-handshaking-connections}: a connection
 * counts as in its handshake until a look saw it complete, at most a quarter of a second
 * late.
 */
final class HandshakeWatchdog implements IPollEvents {

	private static final Log logger = LogFactory.getLog(HandshakeWatchdog.class);

	private static final RepeatLimitedLog unwatchedLimit = new RepeatLimitedLog(logger, Duration.ofHours(1));

	/** Not one of JeroMQ's own timer ids (64, 128, 129, 130 for the engine). */
	private static final int TIMER_ID = 0x5a4d;

	private static final long PERIOD_MS = 250;

	/** JeroMQ's id of the handshake timer, whose expiry drops the connection. */
	private static final int HANDSHAKE_TIMER_ID = 64;

	private static final @Nullable EngineInternals internals = EngineInternals.get();

	/** Every armed watchdog, held no longer than its poller. */
	private static final Set<HandshakeWatchdog> armed = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	/** The watchdog of the current thread, on JeroMQ's I/O threads. */
	private static final ThreadLocal<HandshakeWatchdog> onThisThread = new ThreadLocal<>();

	/** The channels of this thread's connections that completed their handshake. */
	private volatile Set<Object> completedChannels = Set.of();

	private final Poller poller;

	/** When each engine was first seen; only engines of the last look. */
	private Map<StreamEngine, Long> firstSeen = new IdentityHashMap<>();

	private HandshakeWatchdog(Poller poller) {
		this.poller = poller;
	}

	/**
	 * Arms a watchdog on a JeroMQ thread's poller; call on that thread, before its loop
	 * runs.
	 * @param loop what the thread runs: a {@link Poller} for I/O threads and the reaper
	 */
	static void install(Runnable loop) {
		if (internals != null && loop instanceof Poller poller) {
			HandshakeWatchdog watchdog = new HandshakeWatchdog(poller);
			armed.add(watchdog);
			onThisThread.set(watchdog);
			poller.addTimer(PERIOD_MS, watchdog, TIMER_ID);
		}
	}

	/**
	 * Whether a connection's handshake was seen complete by one of the watchdogs.
	 * @param channel the connection's channel
	 */
	static boolean completed(Object channel) {
		synchronized (armed) {
			for (HandshakeWatchdog watchdog : armed) {
				if (watchdog.completedChannels.contains(channel)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * The limit of connections in their handshake for a binding endpoint: its
	 * {@code max-handshaking-connections} where watchdogs tell which connections are
	 * still in their handshake, and none otherwise (said once at WARN).
	 * @param endpoint the endpoint
	 * @param watched whether the socket's context runs watchdogs
	 */
	static int limitFor(ZmqEndpoint endpoint, boolean watched) {
		int limit = endpoint.settings().maxHandshakingConnections();
		if (limit > 0 && (internals == null || !watched)) {
			unwatchedLimit.warn("Endpoint '" + endpoint.name() + "' does not enforce "
					+ endpoint.settingName("socket.max-handshaking-connections")
					+ ": the starter can tell connections in their handshake only in a ZContext it created itself,"
					+ " with JeroMQ 0.6.0 on the class path; max-connections still counts them");
			return 0;
		}
		return limit;
	}

	@Override
	public void timerEvent(int id) {
		try {
			dropStalled();
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// Never throw into JeroMQ's loop; look again next time.
		}
		finally {
			this.poller.addTimer(PERIOD_MS, this, TIMER_ID);
		}
	}

	private void dropStalled() {
		EngineInternals fields = internals;
		List<StreamEngine> stalled;
		try {
			stalled = look();
		}
		catch (OutOfMemoryError ex) {
			// Only reads and new collections: nothing half done; look again next time.
			return;
		}
		for (StreamEngine engine : stalled) {
			this.firstSeen.remove(engine);
			boolean failed = fields != null && fields.failed(engine);
			DisconnectClassifier.handshakeExpired(() -> engine.timerEvent(HANDSHAKE_TIMER_ID), failed);
		}
	}

	/**
	 * Brings {@link #completed(Object)} up to date for the current thread's connections
	 * at once, when the current thread is one of JeroMQ's I/O threads: a connection
	 * accepted right after another completed its handshake must not count it.
	 */
	static void lookNow() {
		HandshakeWatchdog watchdog = onThisThread.get();
		if (watchdog != null) {
			try {
				watchdog.look();
			}
			catch (RuntimeException ex) {
				// The last look stays.
			}
		}
	}

	/**
	 * Looks at the thread's engines: records those that completed their handshake, and
	 * returns those that stalled after their greeting for longer than their handshake
	 * interval.
	 */
	private List<StreamEngine> look() {
		EngineInternals fields = internals;
		List<StreamEngine> stalled = new ArrayList<>();
		if (fields == null) {
			return stalled;
		}
		long now = System.nanoTime();
		Map<StreamEngine, Long> seen = new IdentityHashMap<>();
		Set<Object> completed = new HashSet<>();
		for (StreamEngine engine : fields.engines(this.poller)) {
			Long since = this.firstSeen.get(engine);
			long first = (since != null) ? since : now;
			seen.put(engine, first);
			if (!fields.inHandshake(engine)) {
				Object channel = fields.channel(engine);
				if (channel != null) {
					completed.add(channel);
				}
				continue;
			}
			Options options = fields.options(engine);
			if (options.rawSocket || options.handshakeIvl <= 0 || !fields.pastGreeting(engine)) {
				continue;
			}
			if (now - first >= options.handshakeIvl * 1_000_000L) {
				stalled.add(engine);
			}
		}
		this.firstSeen = seen;
		this.completedChannels = completed;
		return stalled;
	}

}
