package dev.zmqspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.zeromq.ZMQ;

/**
 * The topic prefixes the application's SUB sockets subscribed to, as the XPUB socket of
 * their test peer sees them; kept across the peers that borrow a prebound socket.
 */
final class PeerSubscriptions {

	private static final long UNSUBSCRIBED_GRACE_NANOS = 200_000_000L;

	private final Set<String> prefixes = new HashSet<>();

	/**
	 * Reads the subscriptions that came, and waits until one covers the topic (a SUB
	 * socket subscribes a moment after it connects). Once the application has subscribed
	 * to anything, a topic none of its prefixes covers is published after a short grace,
	 * and dropped by the publisher as ZeroMQ does.
	 * @param socket the peer's XPUB socket
	 * @param topic the topic about to be published
	 * @param timeout how long to wait for a first subscription
	 * @param endpoint the application's endpoint, for the message
	 * @throws AssertionError when the application subscribed to nothing in time
	 */
	void awaitCovering(ZMQ.Socket socket, String topic, Duration timeout, String endpoint) {
		long deadline = System.nanoTime() + timeout.toNanos();
		socket.setReceiveTimeOut(0);
		while (true) {
			byte[] subscription;
			while ((subscription = socket.recv()) != null) {
				read(subscription);
			}
			if (this.prefixes.stream().anyMatch(topic::startsWith)) {
				return;
			}
			if (!this.prefixes.isEmpty()) {
				deadline = Math.min(deadline, System.nanoTime() + UNSUBSCRIBED_GRACE_NANOS);
			}
			if (System.nanoTime() - deadline > 0) {
				if (!this.prefixes.isEmpty()) {
					return;
				}
				throw new AssertionError("The application's SUB endpoint '" + endpoint
						+ "' did not subscribe to its test peer within " + timeout);
			}
			socket.setReceiveTimeOut(20);
		}
	}

	private void read(byte[] subscription) {
		if (subscription.length == 0) {
			return;
		}
		String prefix = new String(subscription, 1, subscription.length - 1, StandardCharsets.UTF_8);
		if (subscription[0] == 1) {
			this.prefixes.add(prefix);
		}
		else if (subscription[0] == 0) {
			this.prefixes.remove(prefix);
		}
	}

}
