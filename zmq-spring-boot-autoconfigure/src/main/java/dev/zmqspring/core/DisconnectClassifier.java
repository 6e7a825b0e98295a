package dev.zmqspring.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.zmqspring.core.ConnectionRejections.Reason;
import zmq.ZError;
import zmq.util.Errno;
import org.jspecify.annotations.Nullable;

/**
 * Tells, from inside JeroMQ's event hook, why JeroMQ 0.6.0 dropped a connection that a
 * binding socket accepted: because the peer broke the protocol (a rejection), or for an
 * ordinary reason (the peer closed the connection after its handshake, or stopped
 * answering heartbeats).
 * <p>
 * Events alone cannot say: JeroMQ reports a connection it drops during the greeting only
 * as {@code EVENT_DISCONNECTED}, its {@code EVENT_HANDSHAKE_PROTOCOL} (greeting done)
 * names no connection, and its {@code EVENT_HANDSHAKE_SUCCEEDED} is never sent. But the
 * hook runs synchronously on the I/O thread, inside the engine call that drops the
 * connection, so three things on that thread are reliable:
 * <ul>
 * <li>the engine method that reports the disconnect (from the stack): its greeting
 * exchange ({@code handshake}), a timer ({@code timerEvent}: the handshake timer, or the
 * heartbeat TTL), or its input ({@code inEvent});</li>
 * <li>JeroMQ's per-thread error number, which its input path sets just before it drops a
 * connection: {@code EMSGSIZE} for a frame over the size limit, {@code EINVAL} for an
 * incompatible socket type, {@code EPROTO} for a malformed command, {@code ENOTCONN} for
 * a peer that closed the connection;</li>
 * <li>a {@code HANDSHAKE_FAILED_*} event reported on the same thread just before the
 * disconnect it causes.</li>
 * </ul>
 * Only used for JeroMQ's own TCP engine; anything it does not recognise counts as an
 * ordinary disconnect, never as a rejection.
 */
final class DisconnectClassifier {

	private static final String ENGINE = "zmq.io.StreamEngine";

	private static final StackWalker stack = StackWalker.getInstance();

	/**
	 * Reads JeroMQ's error number of the current thread (the value is per thread, not per
	 * instance).
	 */
	private static final Errno errno = new Errno();

	/**
	 * A handshake failure just reported on this thread, for the disconnect that follows
	 * it in the same call.
	 */
	private static final ThreadLocal<Failure> lastFailure = new ThreadLocal<>();

	/**
	 * Set while the starter itself drops a connection (the {@link HandshakeWatchdog}, one
	 * that stalled after its greeting; {@link DeferredDrops}, one that broke a limit):
	 * says what the drop is.
	 */
	private static final ThreadLocal<Function<DisconnectClassifier, @Nullable Rejection>> dropping = new ThreadLocal<>();

	private static final long FAILURE_FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

	/**
	 * The handshake timer fires once, at the interval after the connection was set up
	 * (timer granularity aside).
	 */
	private static final long TIMER_EARLY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final long TIMER_LATE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final String mechanism;

	private final ZmqSocketType socketType;

	private final long handshakeNanos;

	private final long maxMessageSize;

	/**
	 * @param mechanism the socket's security mechanism ({@code NULL}, {@code CURVE})
	 * @param socketType the socket type, for messages
	 * @param handshakeInterval the socket's handshake interval ({@link Duration#ZERO}:
	 * none)
	 * @param maxMessageSize the largest frame the socket takes, for messages
	 */
	DisconnectClassifier(String mechanism, ZmqSocketType socketType, Duration handshakeInterval, long maxMessageSize) {
		this.mechanism = mechanism;
		this.socketType = socketType;
		this.handshakeNanos = handshakeInterval.toNanos();
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Remembers a {@code HANDSHAKE_FAILED_PROTOCOL} or {@code _NO_DETAIL} event; call on
	 * the thread that reports it. (A refusal by the ZAP authenticator,
	 * {@code HANDSHAKE_FAILED_AUTH}, is no protocol failure: JeroMQ sends the peer an
	 * ERROR command and the peer hangs up when it likes, so it is counted when it is
	 * reported.)
	 */
	void handshakeFailed(Object value) {
		lastFailure.set(new Failure(this, value, System.nanoTime()));
	}

	/**
	 * Runs the drop of a connection whose handshake did not complete in time, so that it
	 * is told from other disconnects; call on the I/O thread.
	 * @param drop what drops it
	 * @param failedAlready whether its handshake had failed (counted when that was
	 * reported): then the drop is no rejection of its own
	 */
	static void handshakeExpired(Runnable drop, boolean failedAlready) {
		drop(drop, failedAlready ? (classifier) -> null : DisconnectClassifier::handshakeTimeout);
	}

	/**
	 * Runs the drop of a connection that broke a limit, so that it counts as the given
	 * rejection; call on the I/O thread.
	 * @param drop what drops it
	 * @param reason why it is rejected
	 * @param description what the peer did, for the log
	 */
	static void limitBroken(Runnable drop, Reason reason, String description) {
		drop(drop, (classifier) -> new Rejection(reason, description));
	}

	private static void drop(Runnable drop, Function<DisconnectClassifier, @Nullable Rejection> rejection) {
		dropping.set(rejection);
		try {
			drop.run();
		}
		finally {
			dropping.remove();
		}
	}

	private Rejection handshakeTimeout() {
		return new Rejection(Reason.HANDSHAKE_TIMEOUT,
				"completed its greeting but not its " + this.mechanism + " handshake within "
						+ TimeUnit.NANOSECONDS.toMillis(this.handshakeNanos)
						+ " ms (zmq.socket.handshake-interval): it stalled, or JeroMQ 0.6.0 lost the"
						+ " connection's reads; a client connects again");
	}

	/**
	 * Says why a connection is being dropped; call from the event hook, on the thread
	 * that reports the disconnect.
	 * @param age how long ago the connection was accepted, or {@code null} when unknown
	 * @return the rejection, or {@code null} for an ordinary disconnect
	 */
	@Nullable Rejection classify(@Nullable Duration age) {
		Failure failure = lastFailure.get();
		lastFailure.remove();
		Function<DisconnectClassifier, @Nullable Rejection> dropped = dropping.get();
		if (dropped != null) {
			return dropped.apply(this);
		}
		if (failure != null && failure.owner == this && System.nanoTime() - failure.nanos < FAILURE_FRESH_NANOS) {
			return fromFailure(failure);
		}
		String caller = engineMethodCallingError();
		if (caller == null) {
			return null;
		}
		return switch (caller) {
			case "handshake" -> new Rejection(Reason.GREETING,
					"did not complete a ZMTP 3 greeting for the " + this.mechanism
							+ " mechanism: it sent something else (another mechanism, ZMTP before 3.0, or"
							+ " not ZMTP at all) or closed the connection first");
			case "timerEvent" -> handshakeTimerFired(age) ? new Rejection(Reason.HANDSHAKE_TIMEOUT,
					"sent no complete ZMTP greeting within " + TimeUnit.NANOSECONDS.toMillis(this.handshakeNanos)
							+ " ms (zmq.socket.handshake-interval; a JeroMQ 0.6.0 client sometimes stalls so on a"
							+ " fresh connection, and then connects again)")
					: null;
			case "inEvent" -> fromErrno(errno.get());
			default -> null;
		};
	}

	private @Nullable Rejection fromFailure(Failure failure) {
		return new Rejection(Reason.PROTOCOL,
				"failed the " + this.mechanism + " handshake (" + describeProtocolError(failure.value) + ")");
	}

	private @Nullable Rejection fromErrno(int error) {
		if (error == ZError.EMSGSIZE) {
			if (SocketOptionsApplier.receivesOnlySubscriptions(this.socketType)) {
				return new Rejection(Reason.OVERSIZE, "announced a subscription larger than " + this.maxMessageSize
						+ " bytes (the most a " + this.socketType + " endpoint takes)");
			}
			return new Rejection(Reason.OVERSIZE,
					"announced a frame larger than " + this.maxMessageSize + " bytes (zmq.socket.max-message-size)");
		}
		if (error == ZError.EINVAL) {
			return new Rejection(Reason.PROTOCOL, "announced a socket type that cannot talk to a " + this.socketType);
		}
		if (error == ZError.EPROTO) {
			return new Rejection(Reason.PROTOCOL, "sent a malformed ZMTP command");
		}
		// ENOTCONN and the like: the peer closed or reset the connection after its
		// greeting.
		return null;
	}

	/**
	 * The heartbeat TTL also ends a connection from a timer, but only after the greeting,
	 * never at this age.
	 */
	private boolean handshakeTimerFired(@Nullable Duration age) {
		if (this.handshakeNanos <= 0 || age == null) {
			return false;
		}
		long nanos = age.toNanos();
		return nanos >= this.handshakeNanos - TIMER_EARLY_NANOS && nanos <= this.handshakeNanos + TIMER_LATE_NANOS;
	}

	/**
	 * The engine method that called {@code error(...)}, which reports the disconnect;
	 * {@code null} if not found.
	 */
	private static @Nullable String engineMethodCallingError() {
		List<String> engineFrames = stack.walk(frames -> frames.limit(32)
			.filter(frame -> frame.getClassName().equals(ENGINE))
			.limit(2)
			.map(StackWalker.StackFrame::getMethodName)
			.collect(Collectors.toList()));
		if (engineFrames.size() == 2 && engineFrames.get(0).equals("error")) {
			return engineFrames.get(1);
		}
		return null;
	}

	private static String describeProtocolError(Object value) {
		if (!(value instanceof Integer code)) {
			return "no detail";
		}
		return switch (code) {
			case zmq.ZMQ.ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND -> "unexpected command";
			case zmq.ZMQ.ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE -> "invalid message sequence";
			case zmq.ZMQ.ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE -> "key exchange failed";
			case zmq.ZMQ.ZMQ_PROTOCOL_ERROR_ZMTP_INVALID_METADATA -> "invalid metadata";
			case zmq.ZMQ.ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC ->
				"cryptographic error: a client that expects another server key, or a forged message";
			case zmq.ZMQ.ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH -> "mechanism mismatch";
			default -> {
				if ((code & 0xfffffff0) == 0x10000010) {
					yield "malformed command";
				}
				if ((code & 0xf0000000) == 0x20000000) {
					yield "malformed reply from the ZAP authenticator";
				}
				yield "protocol error 0x" + Integer.toHexString(code);
			}
		};
	}

	/**
	 * Why a connection was dropped.
	 *
	 * @param reason the reason
	 * @param description what the peer did, completing "the peer ..."
	 */
	record Rejection(Reason reason, String description) {
	}

	private record Failure(DisconnectClassifier owner, Object value, long nanos) {
	}

}
