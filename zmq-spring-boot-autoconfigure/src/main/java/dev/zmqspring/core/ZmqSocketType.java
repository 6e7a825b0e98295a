package dev.zmqspring.core;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.zeromq.SocketType;

/**
 * The ZeroMQ socket types the starter works with, and what each may do.
 * <p>
 * Listeners ({@code @ZmqListener}) receive on {@link #SUB}, {@link #PULL}, {@link #REP},
 * {@link #PAIR} and {@link #ROUTER}; publishers ({@code @ZmqPublisher},
 * {@code ZmqTemplate}) send on {@link #PUB}, {@link #PUSH}, {@link #REQ}, {@link #PAIR}
 * and {@link #DEALER}. {@link #REQ} and {@link #DEALER} are request/reply clients.
 */
public enum ZmqSocketType {

	/**
	 * Publisher of a publish/subscribe pair: frames {@code [topic][payload]}, fan-out to
	 * every subscriber.
	 */
	PUB(SocketType.PUB),
	/** Subscriber of a publish/subscribe pair, filtered by topic prefix. */
	SUB(SocketType.SUB),
	/**
	 * Sending end of a pipeline: each message goes to one connected PULL peer (round
	 * robin).
	 */
	PUSH(SocketType.PUSH),
	/** Receiving end of a pipeline: fair-queues from every connected PUSH peer. */
	PULL(SocketType.PULL),
	/**
	 * Request/reply client: each request gets exactly one reply from a REP or ROUTER
	 * server.
	 */
	REQ(SocketType.REQ),
	/** Request/reply server: the listener's return value is the reply. */
	REP(SocketType.REP),
	/** Exclusive pair: exactly one peer, messages in both directions. */
	PAIR(SocketType.PAIR),
	/**
	 * Asynchronous request/reply client: many requests in flight, replies matched by
	 * request id.
	 */
	DEALER(SocketType.DEALER),
	/**
	 * Asynchronous request/reply server: replies are routed back to the client that
	 * asked.
	 */
	ROUTER(SocketType.ROUTER),
	/**
	 * Publisher that also sees subscriptions: the backend of a forwarder device
	 * ({@code zmq.proxies}).
	 */
	XPUB(SocketType.XPUB),
	/**
	 * Subscriber that forwards subscriptions: the frontend of a forwarder device
	 * ({@code zmq.proxies}).
	 */
	XSUB(SocketType.XSUB);

	private static final Set<ZmqSocketType> RECEIVING = EnumSet.of(SUB, PULL, REP, PAIR, ROUTER);

	private static final Set<ZmqSocketType> SENDING = EnumSet.of(PUB, PUSH, REQ, PAIR, DEALER);

	private final SocketType jeromqType;

	ZmqSocketType(SocketType jeromqType) {
		this.jeromqType = jeromqType;
	}

	/** The JeroMQ socket type of the same name. */
	public SocketType jeromqType() {
		return this.jeromqType;
	}

	/** Whether a {@code @ZmqListener} can receive on this type. */
	public boolean canListen() {
		return RECEIVING.contains(this);
	}

	/** Whether a publisher or {@code ZmqTemplate} can send on this type. */
	public boolean canPublish() {
		return SENDING.contains(this);
	}

	/** Whether a sender of this type expects a reply to each message. */
	public boolean expectsReply() {
		return this == REQ || this == DEALER;
	}

	/**
	 * Whether a listener of this type sends the method's return value back to the
	 * requester.
	 */
	public boolean repliesToRequests() {
		return this == REP || this == ROUTER;
	}

	/** The types a listener accepts, for error messages. */
	public static String listenerTypes() {
		return describe(RECEIVING);
	}

	/** The types a publisher accepts, for error messages. */
	public static String publisherTypes() {
		return describe(SENDING);
	}

	/**
	 * Parses a type name, ignoring case.
	 * @param name the name, such as {@code "pull"}
	 * @param where what to name in the error message, such as the annotated method
	 * @return the type
	 * @throws IllegalArgumentException naming the valid types when the name is unknown
	 */
	public static ZmqSocketType parse(String name, String where) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(where + ": unknown socket type '" + name + "'; use one of "
					+ describe(EnumSet.complementOf(EnumSet.of(XPUB, XSUB))), ex);
		}
	}

	private static String describe(Set<ZmqSocketType> types) {
		return types.stream().map(Enum::name).collect(Collectors.joining(", "));
	}

}
