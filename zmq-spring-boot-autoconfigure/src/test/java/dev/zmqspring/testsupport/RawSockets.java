package dev.zmqspring.testsupport;

import org.zeromq.ZMQ;

/**
 * Plain JeroMQ sockets that tests use as peers.
 */
public final class RawSockets {

	private RawSockets() {
	}

	/**
	 * Connects a test's own socket the way the starter connects its sockets: with a short
	 * handshake interval, because JeroMQ 0.6.0 sometimes never sends its greeting on a
	 * fresh outgoing connection and only retries when that timer fires (30 s by default).
	 */
	public static void connect(ZMQ.Socket socket, String address) {
		socket.setHandshakeIvl(1000);
		socket.connect(address);
	}

}
