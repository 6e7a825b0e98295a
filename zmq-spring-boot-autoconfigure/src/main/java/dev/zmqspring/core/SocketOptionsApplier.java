package dev.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Applies an endpoint's options to a new socket. JeroMQ ignores some options (heartbeats
 * among them) once a socket has connected, so this runs before any bind or connect.
 */
final class SocketOptionsApplier {

	/**
	 * The largest subscription a PUB or XPUB endpoint takes, its flag byte included.
	 * JeroMQ stores subscriptions in a trie that it walks recursively, one call per byte:
	 * a subscription of 8 KiB overflows a thread stack of 1 MiB (4 KiB does not), on the
	 * endpoint's own thread. A subscriber could also queue its high-water mark of
	 * subscriptions of {@code max-message-size} each before the endpoint reads them. No
	 * topic prefix needs a kilobyte.
	 */
	static final long MAX_SUBSCRIPTION_SIZE = ZmqEndpoint.MAX_TOPIC_BYTES + 1;

	private SocketOptionsApplier() {
	}

	static void apply(ZMQ.Socket socket, ZmqEndpoint endpoint, SocketType jeromqType) {
		SocketSettings settings = endpoint.settings();
		socket.setLinger(millis(settings.linger()));
		socket.setSndHWM(settings.sendHighWaterMark());
		socket.setRcvHWM(settings.receiveHighWaterMark());
		socket.setReconnectIVL(millis(settings.reconnectInterval()));
		socket.setReconnectIVLMax(millis(settings.reconnectIntervalMax()));
		socket.setMaxMsgSize(maxReceivedFrame(endpoint));
		// JeroMQ 0.6.0 sometimes never sends its greeting on a fresh outgoing TCP
		// connection (a poller race, fixed
		// only on its master branch); the handshake timer is what drops and retries such
		// a connection, so keep it
		// short. On a bound socket it also drops peers that connect and never complete a
		// handshake.
		socket.setHandshakeIvl(millis(settings.handshakeInterval()));
		// The connecting side detects a dead peer; the binding side answers pings anyway
		// (ZMTP 3.1), and sending none
		// itself keeps it compatible with peers that speak only ZMTP 3.0.
		if (!settings.heartbeatInterval().isZero() && !endpoint.bind()) {
			socket.setHeartbeatIvl(millis(settings.heartbeatInterval()));
			socket.setHeartbeatTimeout(millis(settings.heartbeatTimeout()));
			socket.setHeartbeatTtl(millis(settings.heartbeatTtl()));
		}
		if (jeromqType == SocketType.PUB || (jeromqType == SocketType.XPUB && endpoint.type() == ZmqSocketType.PUB)) {
			// A full subscriber queue makes send() return false instead of dropping
			// silently, so drops are counted.
			socket.setXpubNoDrop(true);
		}
		if (jeromqType == SocketType.ROUTER) {
			// A reply to a client that went away fails visibly instead of vanishing.
			socket.setRouterMandatory(true);
		}
		if (jeromqType == SocketType.SUB) {
			for (String topic : endpoint.topics().isEmpty() ? java.util.List.of("") : endpoint.topics()) {
				socket.subscribe(topic.getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	/**
	 * The largest frame the endpoint's socket takes from a peer: its
	 * {@code max-message-size}, but at most {@link #MAX_SUBSCRIPTION_SIZE} for PUB and
	 * XPUB, whose peers send them only subscriptions. (JeroMQ's option bounds only what a
	 * socket receives.)
	 */
	static long maxReceivedFrame(ZmqEndpoint endpoint) {
		long limit = endpoint.settings().maxMessageSize();
		return receivesOnlySubscriptions(endpoint.type()) ? Math.min(limit, MAX_SUBSCRIPTION_SIZE) : limit;
	}

	/** PUB and XPUB: their peers send them subscriptions, nothing else. */
	static boolean receivesOnlySubscriptions(ZmqSocketType type) {
		return type == ZmqSocketType.PUB || type == ZmqSocketType.XPUB;
	}

	private static int millis(Duration duration) {
		long value = duration.toMillis();
		return (value > Integer.MAX_VALUE) ? Integer.MAX_VALUE : (int) value;
	}

}
