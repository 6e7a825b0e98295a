package dev.zmqspring.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;

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

	/**
	 * Reads a raw connection until the endpoint closes it: whatever JeroMQ wrote before
	 * (its greeting, say) is skipped, and a reset (JeroMQ closed the connection with
	 * bytes of ours unread) ends it too. The socket's read timeout fails the caller,
	 * since a timeout is no {@link SocketException}.
	 * @param in the connection's input
	 */
	public static void awaitClosedByPeer(InputStream in) throws IOException {
		try {
			while (in.read() >= 0) {
				// what JeroMQ wrote before it dropped the connection
			}
		}
		catch (SocketException ex) {
			// a reset
		}
	}

}
