package dev.zmqspring.core;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Connections that a binding socket dropped because the peer did not speak ZMTP as it
 * must, counted per endpoint and by reason, and logged at WARN: each distinct rejection
 * (endpoint, peer address, reason) at most once a minute, with how often it recurred, so
 * that one peer that keeps trying cannot flood the log. Nothing secret is logged: the
 * endpoint, the peer's IP address and what went wrong. Thread-safe; Actuator and metrics
 * read it.
 * <p>
 * The socket's event hook ({@link SocketActivity}) reports rejections from JeroMQ's I/O
 * thread, so reporting only counts, logs and calls the listeners, which must be quick and
 * must not block.
 */
public final class ConnectionRejections {

	private static final Log logger = LogFactory.getLog(ConnectionRejections.class);

	private final RepeatLimitedLog log;

	private final Map<String, AtomicLongArray> counts = new ConcurrentHashMap<>();

	private final Map<String, String> lastRejections = new ConcurrentHashMap<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/** Logs each distinct rejection at most once a minute. */
	public ConnectionRejections() {
		this(Duration.ofMinutes(1));
	}

	/**
	 * @param logInterval the shortest time between two log lines for the same rejection
	 * (same endpoint, peer address and reason); every rejection is counted regardless
	 */
	public ConnectionRejections(Duration logInterval) {
		this.log = new RepeatLimitedLog(logger, logInterval);
	}

	/**
	 * Adds a listener told of every rejection, on the thread that reports it (a JeroMQ
	 * I/O thread): it must return quickly and never block.
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Counts, logs and reports one rejected connection.
	 * @param endpoint the endpoint name
	 * @param reason why the connection was dropped
	 * @param peerAddress the peer's IP address, or {@code null} when unknown
	 * @param description what the peer did, completing "the peer ...", without secrets;
	 * {@code null} when the rejection is logged elsewhere
	 */
	void rejected(String endpoint, Reason reason, @Nullable String peerAddress, @Nullable String description) {
		this.counts.computeIfAbsent(endpoint, key -> new AtomicLongArray(Reason.values().length))
			.incrementAndGet(reason.ordinal());
		if (description != null) {
			String line = "Endpoint '" + endpoint + "' dropped a connection from "
					+ ((peerAddress != null) ? peerAddress : "an unknown address") + ": the peer " + description;
			this.lastRejections.put(endpoint, line);
			this.log.warn(line);
		}
		for (Listener listener : this.listeners) {
			try {
				listener.rejected(endpoint, reason);
			}
			catch (RuntimeException ex) {
				// A listener's fault must never reach JeroMQ's I/O thread.
				logger.debug("A connection rejection listener failed", ex);
			}
		}
	}

	/**
	 * Counts a client that the ZAP authenticator refused ({@link Reason#AUTHENTICATION}).
	 * JeroMQ 0.6.0 reports such a refusal to the server socket's event hook not at all,
	 * so the authenticator, which logs it with the client's address and key, counts it
	 * here.
	 * @param endpoint the endpoint name
	 */
	public void authenticationRefused(String endpoint) {
		rejected(endpoint, Reason.AUTHENTICATION, null, null);
	}

	/** How many connections the endpoint dropped since startup, for any reason. */
	public long getRejected(String endpoint) {
		AtomicLongArray counts = this.counts.get(endpoint);
		long total = 0;
		if (counts != null) {
			for (int i = 0; i < counts.length(); i++) {
				total += counts.get(i);
			}
		}
		return total;
	}

	/** How many connections the endpoint dropped since startup for the given reason. */
	public long getRejected(String endpoint, Reason reason) {
		AtomicLongArray counts = this.counts.get(endpoint);
		return (counts != null) ? counts.get(reason.ordinal()) : 0;
	}

	/** The log line of the endpoint's last rejection, or {@code null}. */
	public @Nullable String getLastRejection(String endpoint) {
		return this.lastRejections.get(endpoint);
	}

	/**
	 * Why a binding socket dropped a connection. JeroMQ 0.6.0 reports most of these only
	 * as a disconnect; what can be told apart is told apart, the rest shares a reason.
	 */
	public enum Reason {

		/**
		 * The peer did not complete a ZMTP 3 greeting for the socket's security
		 * mechanism: it sent something else (an HTTP request, TLS, random bytes, ZMTP
		 * before 3.0), named another mechanism (a plain-text client of a CURVE server),
		 * or closed the connection before its greeting was complete (a port scan, a TCP
		 * health check).
		 */
		GREETING,

		/**
		 * The peer did not complete its handshake (its greeting, then its security
		 * mechanism's commands) within the handshake interval
		 * ({@code zmq.socket.handshake-interval}).
		 */
		HANDSHAKE_TIMEOUT,

		/**
		 * After the greeting, the peer broke the protocol: a malformed or unexpected
		 * command, a socket type that cannot talk to this one, a CURVE handshake that
		 * failed (a client that expects another server key).
		 */
		PROTOCOL,

		/**
		 * The ZAP authenticator refused the peer (an unknown CURVE key, a refused
		 * address).
		 */
		AUTHENTICATION,

		/** The peer announced a frame larger than the endpoint's maximum message size. */
		OVERSIZE,

		/**
		 * The endpoint already had as many connections as {@code max-connections} allows:
		 * the new one was closed as soon as it was accepted.
		 */
		CONNECTION_LIMIT,

		/**
		 * The endpoint already had as many connections in their handshake as
		 * {@code max-handshaking-connections} allows: the new one was closed as soon as
		 * it was accepted.
		 */
		HANDSHAKE_LIMIT,

		/**
		 * The peer subscribed to topics beyond what the endpoint's
		 * {@code subscription-budget} allows, all its peers' subscriptions together.
		 */
		SUBSCRIPTION_BUDGET;

		/** The name used as a metric tag, such as {@code handshake-timeout}. */
		public String tag() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

	/** Told of every rejection, on a JeroMQ I/O thread. */
	@FunctionalInterface
	public interface Listener {

		/**
		 * A connection to the endpoint was dropped.
		 * @param endpoint the endpoint name
		 * @param reason why
		 */
		void rejected(String endpoint, Reason reason);

	}

}
