package dev.zmqspring.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.zmqspring.core.ConnectionRejections;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

import static org.awaitility.Awaitility.await;

/**
 * Test clients written with plain JeroMQ, as a peer outside the starter would be: PUSH
 * sockets with or without CURVE keys, watched by a socket monitor so that a test can wait
 * until the server has refused them.
 */
final class CurveClients implements AutoCloseable {

	private static final AtomicInteger monitors = new AtomicInteger();

	/** A client not refused by then is taken for a stalled connection and replaced. */
	private static final Duration RETRY_AFTER = Duration.ofSeconds(3);

	private final ZContext context = new ZContext();

	/** A PUSH client without any security (the NULL mechanism). */
	Client plain(String address) {
		return open(address, null, null);
	}

	/** A PUSH client with a CURVE key pair that expects the given server key. */
	Client curve(String address, ZMQ.Curve.KeyPair pair, String serverKey) {
		return open(address, pair, serverKey);
	}

	private Client open(String address, ZMQ.Curve.KeyPair pair, String serverKey) {
		ZMQ.Socket socket = this.context.createSocket(SocketType.PUSH);
		socket.setLinger(0);
		socket.setSendTimeOut(0);
		socket.setReconnectIVL(100);
		// JeroMQ 0.6.0 sometimes never sends its greeting on a fresh connection; a short
		// handshake timer retries.
		socket.setHandshakeIvl(1000);
		if (pair != null) {
			socket.setCurvePublicKey(ZMQ.Curve.z85Decode(pair.publicKey));
			socket.setCurveSecretKey(ZMQ.Curve.z85Decode(pair.secretKey));
			socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverKey));
		}
		String monitorAddress = "inproc://curve-client-monitor-" + monitors.incrementAndGet();
		socket.monitor(monitorAddress, ZMQ.EVENT_ALL);
		ZMQ.Socket monitor = this.context.createSocket(SocketType.PAIR);
		monitor.connect(monitorAddress);
		socket.connect(address);
		return new Client(socket, monitor);
	}

	/**
	 * Opens clients with the given step until the server refuses one: a fresh client
	 * every few seconds, because JeroMQ 0.6.0 can stall a connection after its greeting
	 * and then stops its handshake timer, so that connection would never be refused.
	 */
	void awaitOneRefused(Supplier<Client> open, Duration timeout) {
		AtomicReference<Client> current = new AtomicReference<>(open.get());
		await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
			Client client = current.get();
			if (client.refusedYet()) {
				return true;
			}
			if (System.nanoTime() - client.opened > RETRY_AFTER.toNanos()) {
				current.set(open.get());
			}
			return false;
		});
	}

	/**
	 * Opens clients until the server's ZAP authenticator has refused one (reason
	 * {@code authentication}): a new one every few seconds. A fresh connection that
	 * JeroMQ 0.6.0 stalls ends in a disconnect that {@link #awaitOneRefused} cannot tell
	 * from a refusal, and that the server counts as a rejected greeting (and as a refused
	 * client in its {@link AuthenticationStatistics}), so only this reason proves that
	 * the authenticator itself said no.
	 * @param rejections the server's rejected connections
	 * @param endpoint the server endpoint
	 * @param open opens one client
	 * @param timeout how long to try
	 */
	void awaitRefusedByAuthenticator(ConnectionRejections rejections, String endpoint, Supplier<Client> open,
			Duration timeout) {
		long before = rejections.getRejected(endpoint, ConnectionRejections.Reason.AUTHENTICATION);
		AtomicReference<Client> current = new AtomicReference<>(open.get());
		await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (rejections.getRejected(endpoint, ConnectionRejections.Reason.AUTHENTICATION) > before) {
				return true;
			}
			if (System.nanoTime() - current.get().opened > RETRY_AFTER.toNanos()) {
				current.set(open.get());
			}
			return false;
		});
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** One client socket and its monitor; used from the test thread only. */
	static final class Client {

		private final ZMQ.Socket socket;

		private final ZMQ.Socket monitor;

		private final long opened = System.nanoTime();

		private boolean refused;

		Client(ZMQ.Socket socket, ZMQ.Socket monitor) {
			this.socket = socket;
			this.monitor = monitor;
		}

		/** Queues a message; it leaves only once a handshake succeeds. */
		void send(String text) {
			this.socket.send(text, ZMQ.DONTWAIT);
		}

		/**
		 * Waits until the server has dropped this client's connection during or after the
		 * handshake.
		 */
		void awaitRefused(Duration timeout) {
			await().atMost(timeout).until(this::refusedYet);
		}

		boolean refusedYet() {
			ZEvent event;
			while ((event = ZEvent.recv(this.monitor, ZMQ.DONTWAIT)) != null) {
				ZMonitor.Event type = event.getEvent();
				if (type == ZMonitor.Event.DISCONNECTED || type == ZMonitor.Event.HANDSHAKE_FAILED_NO_DETAIL
						|| type == ZMonitor.Event.HANDSHAKE_FAILED_PROTOCOL
						|| type == ZMonitor.Event.HANDSHAKE_FAILED_AUTH) {
					this.refused = true;
				}
			}
			return this.refused;
		}

	}

}
