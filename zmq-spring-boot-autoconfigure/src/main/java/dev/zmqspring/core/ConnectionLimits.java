package dev.zmqspring.core;

import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The limits a binding socket puts on the connections it accepts: how many it keeps at
 * once ({@code max-connections}) and how many of them may be in their handshake
 * ({@code max-handshaking-connections}). Judged on the I/O thread that accepts, right
 * after the accept.
 */
final class ConnectionLimits {

	/** No limit. */
	static final ConnectionLimits NONE = new ConnectionLimits(0, 0);

	/** Connections kept at once; 0 for no limit. */
	private final int maxConnections;

	/** Connections in their handshake at once; 0 for no limit. */
	private final int maxHandshaking;

	ConnectionLimits(int maxConnections, int maxHandshaking) {
		this.maxConnections = maxConnections;
		this.maxHandshaking = maxHandshaking;
	}

	/**
	 * Which limit one more connection would pass.
	 * @param connections the socket's connections now, by channel
	 * @param refused the channels refused for a limit and not yet reported closed
	 * @return the limit passed, or {@code null} for none
	 */
	@Nullable Exceeded check(Map<Object, Long> connections, Set<Object> refused) {
		if (this.maxHandshaking > 0 && handshaking(connections) >= this.maxHandshaking) {
			return new Exceeded(ConnectionRejections.Reason.HANDSHAKE_LIMIT, "already has " + this.maxHandshaking
					+ " connections in their handshake (max-handshaking-connections)");
		}
		if (this.maxConnections <= 0) {
			return null;
		}
		if (connections.size() >= this.maxConnections) {
			// With several I/O threads a connection can end before its accept is
			// reported: forget channels that are closed already.
			connections.keySet().removeIf(ConnectionLimits::closed);
			refused.removeIf(ConnectionLimits::closed);
		}
		if (connections.size() < this.maxConnections) {
			return null;
		}
		return new Exceeded(ConnectionRejections.Reason.CONNECTION_LIMIT,
				"already has its " + this.maxConnections + " connections (max-connections)");
	}

	/** The connections whose handshake is not known to be complete. */
	private static int handshaking(Map<Object, Long> connections) {
		HandshakeWatchdog.lookNow();
		int count = 0;
		for (Object connection : connections.keySet()) {
			if (!closed(connection) && !HandshakeWatchdog.completed(connection)) {
				count++;
			}
		}
		return count;
	}

	static boolean closed(Object channel) {
		return channel instanceof SocketChannel socketChannel && !socketChannel.isOpen();
	}

	/**
	 * A limit one more connection would pass.
	 *
	 * @param reason the reason it is counted under
	 * @param limit what the endpoint already has, for the log line
	 */
	record Exceeded(ConnectionRejections.Reason reason, String limit) {
	}

}
