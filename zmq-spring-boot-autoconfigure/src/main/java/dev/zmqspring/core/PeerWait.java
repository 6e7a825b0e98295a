package dev.zmqspring.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tells when a connecting socket has had no peer for too long
 * ({@code zmq.socket.peer-wait-warning}): one WARN line that names the endpoint, its
 * addresses and what to check, and one INFO line when a peer is reached at last.
 * <p>
 * A connection counts as a peer once it has stayed up longer than the endpoint's
 * handshake interval, or when it ends without a handshake failure that JeroMQ reported (a
 * refusal by the server's authenticator, on the connecting side). When a peer that was
 * reached goes away, a new wait begins. A peer with another security mechanism is warned
 * about too: JeroMQ 0.6.0 drops that connection right after the greeting and does not try
 * again at once, so a new wait begins and runs out.
 * <p>
 * {@link SocketActivity} calls {@link #connected} and {@link #disconnected} from JeroMQ's
 * I/O thread: they update a few fields under a lock that is only ever held for that, and
 * schedule a check on {@link PeerWaitTimer}; the checks and the logging run on the
 * timer's thread. Nothing here touches the socket or the message path.
 */
final class PeerWait {

	private static final Log logger = LogFactory.getLog(PeerWait.class);

	/**
	 * How long a connection must stay up to count as a peer when the handshake interval
	 * is 0 (no limit).
	 */
	private static final Duration MIN_CONFIRM = Duration.ofSeconds(1);

	private final ZmqEndpoint endpoint;

	private final Duration warnAfter;

	private final Duration confirmAfter;

	private final PeerWaitTimer timer;

	private final SocketActivity activity;

	/**
	 * Start of the wait, by {@link System#nanoTime()}; only meaningful while
	 * {@link #waitingSince} is set.
	 */
	private long waitStartNanos;

	/** When the wait began; {@code null} while a peer is connected and confirmed. */
	private @Nullable Instant waitingSince;

	/** The warning logged for the current wait, or {@code null}. */
	private @Nullable String warning;

	/**
	 * Changes with every connect and disconnect, so that a check scheduled earlier can
	 * see it is stale.
	 */
	private long generation;

	/** When the connection being confirmed came up, by {@link System#nanoTime()}. */
	private long connectedNanos;

	/** Whether JeroMQ reported a failed handshake since the last connection came up. */
	private boolean handshakeFailed;

	private boolean checkScheduled;

	private boolean closed;

	private @Nullable ScheduledFuture<?> pending;

	PeerWait(ZmqEndpoint endpoint, SocketActivity activity, PeerWaitTimer timer) {
		this.endpoint = endpoint;
		this.activity = activity;
		this.timer = timer;
		this.warnAfter = endpoint.settings().peerWaitWarning();
		Duration handshake = endpoint.settings().handshakeInterval();
		this.confirmAfter = (handshake.compareTo(MIN_CONFIRM) < 0) ? MIN_CONFIRM : handshake;
	}

	/**
	 * Whether an endpoint is watched: a connecting TCP or IPC socket. One whose
	 * {@code peer-wait-warning} is 0 still tells since when it waits, but never warns.
	 */
	static boolean applies(ZmqEndpoint endpoint, boolean tracked) {
		return tracked && !endpoint.bind();
	}

	/**
	 * The socket connected (or will, as soon as its peer is there): the first wait
	 * begins.
	 */
	synchronized void start() {
		this.waitStartNanos = System.nanoTime();
		this.waitingSince = Instant.now();
		scheduleCheck(this.warnAfter);
	}

	/** A connection came up; {@code peers} counts it. */
	void connected(int peers) {
		if (peers != 1) {
			return;
		}
		synchronized (this) {
			if (this.closed) {
				return;
			}
			long current = ++this.generation;
			this.connectedNanos = System.nanoTime();
			this.handshakeFailed = false;
			schedule(this.confirmAfter, () -> confirm(current));
		}
	}

	/** A connection went away; {@code peers} no longer counts it. */
	void disconnected(int peers) {
		if (peers != 0) {
			return;
		}
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.generation++;
			if (this.waitingSince != null && !this.handshakeFailed) {
				// A peer that left before its connection was confirmed (a script that
				// sent and exited, say): it was
				// reached all the same.
				String message = reached();
				if (message != null) {
					schedule(Duration.ZERO, () -> logger.info(message + " (it has gone again since)"));
				}
				this.waitingSince = null;
			}
			if (this.waitingSince == null) {
				// A peer that was reached went away: a new wait.
				this.waitStartNanos = System.nanoTime();
				this.waitingSince = Instant.now();
				this.warning = null;
				if (!this.checkScheduled) {
					// A check still pending for the last wait looks at this one's start
					// and waits on.
					scheduleCheck(this.warnAfter);
				}
			}
			else if (this.warning == null && !this.checkScheduled) {
				// A check found this connection up and left it to be confirmed; it was
				// not.
				scheduleCheck(remaining());
			}
		}
	}

	/** JeroMQ reported a failed handshake: the connection that ends next was no peer. */
	synchronized void handshakeFailed() {
		this.handshakeFailed = true;
	}

	/** The socket closed: nothing more is logged. */
	synchronized void close() {
		this.closed = true;
		this.waitingSince = null;
		this.warning = null;
		if (this.pending != null) {
			this.pending.cancel(false);
		}
	}

	/**
	 * When the current wait for a peer began, or {@code null} when a peer is connected.
	 */
	synchronized @Nullable Instant waitingSince() {
		return this.waitingSince;
	}

	/**
	 * The warning of the current wait, once it has lasted {@code peer-wait-warning};
	 * otherwise {@code null}.
	 */
	synchronized @Nullable String warning() {
		return this.warning;
	}

	private void check() {
		String message;
		synchronized (this) {
			this.checkScheduled = false;
			if (this.closed || this.waitingSince == null || this.warning != null) {
				return;
			}
			Duration left = remaining();
			if (!left.isZero()) {
				scheduleCheck(left);
				return;
			}
			if (this.activity.getConnectedPeers() > 0) {
				// A connection is up but not yet confirmed: its confirmation or its end
				// decides.
				return;
			}
			this.warning = describeWait();
			message = this.warning;
		}
		logger.warn(message);
	}

	private void confirm(long expected) {
		String message = null;
		synchronized (this) {
			if (this.closed || expected != this.generation || this.activity.getConnectedPeers() == 0
					|| this.waitingSince == null || this.handshakeFailed) {
				return;
			}
			message = reached();
			this.waitingSince = null;
			this.warning = null;
		}
		if (message != null) {
			logger.info(message);
		}
	}

	/**
	 * The INFO line for a peer reached after a warning, or {@code null} when no warning
	 * was logged.
	 */
	private String reached() {
		if (this.warning == null) {
			return null;
		}
		Duration waited = Duration.ofNanos(this.connectedNanos - this.waitStartNanos);
		return "Endpoint '" + this.endpoint.name() + "' (" + this.endpoint.describe()
				+ ") is connected to its peer now, after " + seconds(waited) + " without one";
	}

	private String describeWait() {
		String addresses = String.join(", ", this.endpoint.addresses());
		String lastError = this.activity.getLastError();
		return "Endpoint '" + this.endpoint.name() + "' (" + this.endpoint.type() + ") has had no peer at " + addresses
				+ " for " + seconds(this.warnAfter) + "; it keeps trying " + retries()
				+ ". Check that the peer is running and binds exactly " + addresses
				+ " (host and port; a peer bound to 127.0.0.1 is not reachable from"
				+ " another host), that no firewall blocks the port, and that both sides use the same security"
				+ " (NULL, PLAIN or CURVE, and the server's CURVE public key)"
				+ ((lastError != null) ? "; last connection error: " + lastError : "") + ". Set " + settingName()
				+ " to 0 to turn this warning off";
	}

	private String retries() {
		SocketSettings settings = this.endpoint.settings();
		String every = "every " + settings.reconnectInterval().toMillis() + "ms";
		return (settings.reconnectIntervalMax().compareTo(settings.reconnectInterval()) > 0)
				? every + ", backing off to " + settings.reconnectIntervalMax().toMillis() + "ms" : every;
	}

	private String settingName() {
		String configuredAt = this.endpoint.configuredAt();
		return (configuredAt != null && configuredAt.startsWith("zmq.endpoints."))
				? configuredAt + ".socket.peer-wait-warning" : "zmq.socket.peer-wait-warning";
	}

	private Duration remaining() {
		long left = this.warnAfter.toNanos() - (System.nanoTime() - this.waitStartNanos);
		return (left > 0) ? Duration.ofNanos(left) : Duration.ZERO;
	}

	private void scheduleCheck(Duration delay) {
		if (this.warnAfter.isZero()) {
			return;
		}
		this.checkScheduled = true;
		schedule(delay, this::check);
	}

	private void schedule(Duration delay, Runnable task) {
		this.pending = this.timer.schedule(delay, task);
	}

	private static String seconds(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s"
				: String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
	}

}
