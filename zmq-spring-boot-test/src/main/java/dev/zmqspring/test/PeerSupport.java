package dev.zmqspring.test;

import java.nio.charset.StandardCharsets;

import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/** What the test client's peers, members and servers do alike. */
final class PeerSupport {

	private PeerSupport() {
	}

	/**
	 * The bytes of a payload: {@code byte[]} and {@code String} as they are, other
	 * objects as the application's converter writes them.
	 */
	static byte[] bytes(Object payload, ZmqMessageConverter converter) {
		if (payload instanceof byte[] raw) {
			return raw;
		}
		if (payload instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		return converter.toBytes(payload);
	}

	/**
	 * Hands a prebound socket back (it stays bound for the application's lifetime), or
	 * closes a socket of the peer's own.
	 */
	static void release(PreboundPeers.@Nullable PeerSocket lent, ZMQ.Socket socket) {
		if (lent != null) {
			lent.giveBack();
			return;
		}
		try {
			socket.close();
		}
		catch (RuntimeException ex) {
			// The context is closing: it closes the socket itself.
		}
	}

}
