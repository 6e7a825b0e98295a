package dev.zmqspring.core;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import zmq.Options;
import zmq.io.StreamEngine;
import zmq.io.mechanism.Mechanism;
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
 */
final class HandshakeWatchdog implements IPollEvents {

	private static final Log logger = LogFactory.getLog(HandshakeWatchdog.class);

	/** Not one of JeroMQ's own timer ids (64, 128, 129, 130 for the engine). */
	private static final int TIMER_ID = 0x5a4d;

	private static final long PERIOD_MS = 250;

	/** JeroMQ's id of the handshake timer, whose expiry drops the connection. */
	private static final int HANDSHAKE_TIMER_ID = 64;

	private static final @Nullable Internals internals = Internals.resolve();

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
			poller.addTimer(PERIOD_MS, new HandshakeWatchdog(poller), TIMER_ID);
		}
	}

	@Override
	public void timerEvent(int id) {
		try {
			dropStalled();
		}
		catch (RuntimeException ex) {
			// Never throw into JeroMQ's loop; look again next time.
		}
		finally {
			this.poller.addTimer(PERIOD_MS, this, TIMER_ID);
		}
	}

	private void dropStalled() {
		Internals fields = internals;
		if (fields == null) {
			return;
		}
		long now = System.nanoTime();
		Map<StreamEngine, Long> seen = new IdentityHashMap<>();
		List<StreamEngine> stalled = new ArrayList<>();
		for (StreamEngine engine : fields.engines(this.poller)) {
			Long since = this.firstSeen.get(engine);
			long first = (since != null) ? since : now;
			seen.put(engine, first);
			Options options = fields.options(engine);
			if (options.rawSocket || options.handshakeIvl <= 0 || !fields.inMechanismHandshake(engine)) {
				continue;
			}
			if (now - first >= options.handshakeIvl * 1_000_000L) {
				stalled.add(engine);
			}
		}
		this.firstSeen = seen;
		for (StreamEngine engine : stalled) {
			this.firstSeen.remove(engine);
			DisconnectClassifier.handshakeExpired(() -> engine.timerEvent(HANDSHAKE_TIMER_ID));
		}
	}

	/** The private fields of JeroMQ 0.6.0 that lead from a poller to its engines. */
	private record Internals(Field fdTable, Field handleHandler, Field objectHandler, Field options, Field handshaking,
			Field mechanism) {

		static @Nullable Internals resolve() {
			try {
				return new Internals(field(Poller.class, "fdTable"), field(Poller.Handle.class, "handler"),
						field(zmq.io.IOObject.class, "handler"), field(StreamEngine.class, "options"),
						field(StreamEngine.class, "handshaking"), field(StreamEngine.class, "mechanism"));
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				logger.warn("JeroMQ's internals are not as expected (" + ex
						+ "): connections that stall after their greeting are not dropped at"
						+ " zmq.socket.handshake-interval, only when their peer goes away");
				return null;
			}
		}

		private static Field field(Class<?> type, String name) throws NoSuchFieldException {
			Field field = type.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}

		List<StreamEngine> engines(Poller poller) {
			List<StreamEngine> engines = new ArrayList<>();
			for (Object handle : (Set<?>) read(this.fdTable, poller)) {
				Object handler = read(this.handleHandler, handle);
				if (handler instanceof zmq.io.IOObject object
						&& read(this.objectHandler, object) instanceof StreamEngine engine) {
					engines.add(engine);
				}
			}
			return engines;
		}

		Options options(StreamEngine engine) {
			return (Options) read(this.options, engine);
		}

		/**
		 * Past the greeting (JeroMQ's own timer covers that), and the mechanism still
		 * handshaking. A peer of ZMTP before 3.0 has no mechanism.
		 */
		boolean inMechanismHandshake(StreamEngine engine) {
			if ((Boolean) read(this.handshaking, engine)) {
				return false;
			}
			Object mechanism = read(this.mechanism, engine);
			return mechanism instanceof Mechanism m && m.status() == Mechanism.Status.HANDSHAKING;
		}

		private static Object read(Field field, Object target) {
			try {
				return field.get(target);
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
