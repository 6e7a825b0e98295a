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

	private SocketOptionsApplier() {
	}

	static void apply(ZMQ.Socket socket, ZmqEndpoint endpoint, SocketType jeromqType) {
		SocketSettings settings = endpoint.settings();
		socket.setLinger(millis(settings.linger()));
		socket.setSndHWM(settings.sendHighWaterMark());
		socket.setRcvHWM(settings.receiveHighWaterMark());
		socket.setReconnectIVL(millis(settings.reconnectInterval()));
		socket.setReconnectIVLMax(millis(settings.reconnectIntervalMax()));
		socket.setMaxMsgSize(settings.maxMessageSize());
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

	private static int millis(Duration duration) {
		long value = duration.toMillis();
		return (value > Integer.MAX_VALUE) ? Integer.MAX_VALUE : (int) value;
	}

}
