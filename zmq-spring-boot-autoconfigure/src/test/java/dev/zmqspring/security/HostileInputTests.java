package dev.zmqspring.security;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ConnectionRejections.Reason;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.testsupport.RawSockets;
import dev.zmqspring.testsupport.ZmtpWriter;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of socket a listener receives on (SUB, PULL, REP, PAIR, ROUTER), bound on
 * TCP, meets a raw TCP client that breaks ZMTP in one way, written byte by byte with a
 * plain {@link Socket}; afterwards a well-behaved JeroMQ peer of the matching type (PUB,
 * PUSH, REQ, PAIR, DEALER) connects and must be served. The hostile connection must be
 * dropped, and where the starter can tell (see docs/security.md, "Hostile input"),
 * counted by reason in {@link ConnectionRejections} and logged with the peer's address;
 * nothing it sent reaches a listener.
 */
@SpringBootTest(classes = HostileInputTests.Application.class,
		properties = { "zmq.endpoints.sub-in.type=SUB", "zmq.endpoints.sub-in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.pull-in.type=PULL", "zmq.endpoints.pull-in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.rep-in.type=REP", "zmq.endpoints.rep-in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.pair-in.type=PAIR", "zmq.endpoints.pair-in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.router-in.type=ROUTER", "zmq.endpoints.router-in.bind=tcp://127.0.0.1:*",
				"zmq.socket.max-message-size=64KB", "zmq.socket.handshake-interval=500ms" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class HostileInputTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final long MAX_MESSAGE_SIZE = 64 * 1024;

	private static final long HANDSHAKE_INTERVAL_MILLIS = 500;

	/**
	 * A socket type announced in READY that none of the receivers can talk to (a REP
	 * listener runs on ROUTER).
	 */
	private static final String INCOMPATIBLE_TYPE = "REP";

	@Autowired
	private ZmqListenerEndpointRegistry registry;

	@Autowired
	private ConnectionRejections rejections;

	@Autowired
	private MalformedFrameGuard guard;

	@Autowired
	private Application application;

	static Stream<Arguments> receiversAndAttacks() {
		List<Arguments> arguments = new ArrayList<>();
		for (Receiver receiver : Receiver.values()) {
			for (Attack attack : Attack.values()) {
				arguments.add(Arguments.of(receiver, attack));
			}
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0} listener survives {1}")
	@MethodSource("receiversAndAttacks")
	void hostilePeerIsDroppedAndGoodPeerIsServedAfterIt(Receiver receiver, Attack attack, CapturedOutput output)
			throws Exception {
		ZmqListenerContainer container = this.registry.getListenerContainer(receiver.endpoint());
		// A fresh socket for each case: JeroMQ 0.6.0 sometimes loses a new connection's
		// selector key on the receiving side (see docs/delivery.md); the good peer then
		// retries on a new connection, and the lost one stays open on the server for as
		// long as the socket lives, so a previous case could leave one behind.
		container.stop();
		container.start();
		within().until(() -> container.getActivity().getConnectedPeers() == 0);
		int port = port(container);
		long rejectedBefore = (attack.reason != null) ? this.rejections.getRejected(receiver.endpoint(), attack.reason)
				: 0;
		long negativeBefore = this.guard.getNegativeFrames();

		try (Socket raw = new Socket("127.0.0.1", port)) {
			raw.setSoTimeout((int) WAIT.toMillis());
			attack.perform(raw, receiver);
			if (attack != Attack.TRUNCATED_FRAME) {
				awaitClosedByServer(raw.getInputStream());
			}
		}

		if (attack.reason != null) {
			within().until(() -> this.rejections.getRejected(receiver.endpoint(), attack.reason) > rejectedBefore);
			String line = "Endpoint '" + receiver.endpoint() + "' dropped a connection from 127.0.0.1: the peer "
					+ attack.logged;
			within().untilAsserted(() -> assertThat(output.getOut() + output.getErr()).contains(line));
		}
		if (attack.negativeLength) {
			assertThat(this.guard.getNegativeFrames()).isGreaterThan(negativeBefore);
			assertThat(output.getOut() + output.getErr())
				.contains("Endpoint '" + receiver.endpoint() + "' received a frame with a negative length from a peer");
		}
		// The hostile connection is gone before the good peer connects: a PAIR accepts
		// only one peer at a time.
		within().until(() -> container.getActivity().getConnectedPeers() == 0);
		assertThat(container.getActivity().getConnectedPeers()).isZero();

		String token = "good after " + attack + " " + System.nanoTime();
		serveGoodPeer(receiver, container, token);
		assertThat(this.application.received(receiver)).contains(token)
			.allSatisfy(message -> assertThat(message).startsWith("good after "));
		assertThat(container.getState()).isEqualTo(ZmqListenerContainer.State.RUNNING);
	}

	private void serveGoodPeer(Receiver receiver, ZmqListenerContainer container, String token) {
		// JeroMQ 0.6.0 sometimes stalls a fresh connection on the receiving side (see
		// docs/delivery.md), more often under load: a peer that is not served in a few
		// seconds gives way to a new one, on a new connection, until the deadline.
		long deadline = System.nanoTime() + WAIT.multipliedBy(2).toNanos();
		while (!servedBy(receiver, container, token, ATTEMPT)) {
			assertThat(System.nanoTime() - deadline).as("a good peer was served before the deadline").isNegative();
		}
	}

	private boolean servedBy(Receiver receiver, ZmqListenerContainer container, String token, Duration attempt) {
		List<String> received = this.application.received(receiver);
		try (ZContext context = new ZContext()) {
			ZMQ.Socket peer = context.createSocket(receiver.goodPeer);
			peer.setLinger(0);
			RawSockets.connect(peer, container.getAddresses().get(0));
			try {
				if (receiver == Receiver.SUB || receiver == Receiver.PULL || receiver == Receiver.PAIR) {
					// A publisher's messages reach the subscriber only once its
					// subscription has arrived: send until one does. One-way peers send
					// until one arrives too: when JeroMQ stalls the peer's first
					// connection, the server may still hold that connection when the
					// retry arrives (a PAIR then refuses the retry).
					await().atMost(attempt).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
						peer.send(token, ZMQ.DONTWAIT);
						return received.contains(token);
					});
				}
				else {
					peer.send(token);
					await().atMost(attempt)
						.pollDelay(Duration.ZERO)
						.pollInterval(Duration.ofMillis(10))
						.until(() -> received.contains(token));
					if (receiver == Receiver.REP || receiver == Receiver.ROUTER) {
						peer.setReceiveTimeOut((int) WAIT.toMillis());
						assertThat(peer.recvStr()).isEqualTo("served");
					}
				}
				return true;
			}
			catch (ConditionTimeoutException ex) {
				return false;
			}
			finally {
				// Leave in order, before the context goes: JeroMQ 0.6.0 can fail to close
				// a connection when its context is closed while the socket is still
				// winding it down.
				peer.close();
			}
		}
	}

	/** How long one good peer tries before a new one takes over. */
	private static final Duration ATTEMPT = Duration.ofSeconds(4);

	private static ConditionFactory within() {
		return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
	}

	private static int port(ZmqListenerContainer container) {
		String address = container.getAddresses().get(0);
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	/** Reads until the server closes the connection; a read timeout fails the test. */
	private static void awaitClosedByServer(InputStream in) throws IOException {
		try {
			while (in.read() >= 0) {
				// the server's greeting, commands or subscriptions, then end of stream
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("The server kept the hostile connection open for " + WAIT, ex);
		}
		catch (SocketException ex) {
			// Connection reset: closed by the server while data was still in flight.
		}
	}

	private static long usedHeapAfterGc() {
		System.gc();
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** The receiving socket types, each with the type of a well-behaved peer. */
	enum Receiver {

		SUB(SocketType.PUB, "PUB"), PULL(SocketType.PUSH, "PUSH"), REP(SocketType.REQ, "REQ"),
		PAIR(SocketType.PAIR, "PAIR"), ROUTER(SocketType.DEALER, "DEALER");

		final SocketType goodPeer;

		final String peerType;

		Receiver(SocketType goodPeer, String peerType) {
			this.goodPeer = goodPeer;
			this.peerType = peerType;
		}

		String endpoint() {
			return name().toLowerCase(java.util.Locale.ROOT) + "-in";
		}

	}

	/**
	 * One way of breaking ZMTP, what the starter reports for it (if it can tell), and the
	 * start of its log line.
	 */
	enum Attack {

		/**
		 * An HTTP request instead of a greeting (ZMTP 1.0 to JeroMQ, without the guard:
		 * held open for ever).
		 */
		GARBAGE(Reason.GREETING, "did not complete a ZMTP 3 greeting for the NULL mechanism", false) {
			@Override
			void perform(Socket raw, Receiver receiver) throws IOException {
				try {
					writer(raw).write("GET / HTTP/1.1\r\nHost: zmq\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				catch (IOException ex) {
					// Dropped at the first byte already: it cannot start a ZMTP 3
					// greeting.
				}
			}
		},

		/** A greeting cut short, then the connection closed. */
		TRUNCATED_GREETING(Reason.GREETING, "did not complete a ZMTP 3 greeting for the NULL mechanism", false) {
			@Override
			void perform(Socket raw, Receiver receiver) throws IOException {
				byte[] greeting = ZmtpWriter.greeting("NULL");
				writer(raw).write(java.util.Arrays.copyOf(greeting, 30));
				raw.shutdownOutput();
			}
		},

		/** A valid ZMTP 3.0 greeting for a security mechanism the server does not use. */
		OTHER_MECHANISM(Reason.GREETING, "did not complete a ZMTP 3 greeting for the NULL mechanism", false) {
			@Override
			void perform(Socket raw, Receiver receiver) throws IOException {
				writer(raw).write(ZmtpWriter.greeting("PLAIN"));
			}
		},

		/** TCP connected, then nothing: dropped by the handshake timer. */
		NO_GREETING(Reason.HANDSHAKE_TIMEOUT, "sent no complete ZMTP greeting within 500 ms", false) {
			@Override
			void perform(Socket raw, Receiver receiver) throws IOException {
				long start = System.nanoTime();
				awaitClosedByServer(raw.getInputStream());
				long millis = (System.nanoTime() - start) / 1_000_000;
				assertThat(millis).as("dropped by the handshake timer")
					.isGreaterThanOrEqualTo(HANDSHAKE_INTERVAL_MILLIS - 100);
			}
		},

		/**
		 * After the handshake, a READY naming a socket type that cannot talk to the
		 * receiver.
		 */
		INCOMPATIBLE_SOCKET_TYPE(Reason.PROTOCOL, "announced a socket type that cannot talk to a", false) {
			@Override
			void perform(Socket raw, Receiver receiver) throws IOException {
				writer(raw).handshake(raw.getInputStream(), INCOMPATIBLE_TYPE);
			}
		},

		/**
		 * A frame whose 8-byte length has the top bit set (JeroMQ #1005), then one of
		 * 2^62 bytes. The first is discarded and drops the peer 100 ms later; the second,
		 * when it comes in time, drops it at once.
		 */
		NEGATIVE_THEN_ABSURD_LENGTH(null, null, true) {
			@Override
			void perform(Socket raw, Receiver receiver) throws IOException {
				ZmtpWriter writer = writer(raw).handshake(raw.getInputStream(), receiver.peerType);
				writer.write(ZmtpWriter.longHeader(0, 0xfffffffffffffff0L));
				try {
					writer.write(ZmtpWriter.longHeader(0, 1L << 62));
				}
				catch (IOException ex) {
					// Dropped already.
				}
			}
		},

		/** A frame of 2^62 bytes announced after the handshake. */
		ABSURD_LENGTH(Reason.OVERSIZE, "announced a frame larger than " + MAX_MESSAGE_SIZE + " bytes", false) {
			@Override
			void perform(Socket raw, Receiver receiver) throws IOException {
				writer(raw).handshake(raw.getInputStream(), receiver.peerType)
					.write(ZmtpWriter.longHeader(0, 1L << 62));
			}
		},

		/**
		 * A frame of 512 MiB announced, over zmq.socket.max-message-size (64 KiB here),
		 * and the start of its body sent: refused at its header, without the heap growing
		 * by anything near its size.
		 */
		OVERSIZE(Reason.OVERSIZE, "announced a frame larger than " + MAX_MESSAGE_SIZE + " bytes", false) {
			@Override
			void perform(Socket raw, Receiver receiver) throws IOException {
				long claimed = 512L * 1024 * 1024;
				// The greeting first: a collection that outlasts
				// zmq.socket.handshake-interval
				// would have the connection dropped as a stalled greeting.
				ZmtpWriter writer = writer(raw).handshake(raw.getInputStream(), receiver.peerType);
				long heapBefore = usedHeapAfterGc();
				writer.write(ZmtpWriter.longHeader(ZmtpWriter.MORE, claimed));
				byte[] chunk = new byte[64 * 1024];
				try {
					for (int i = 0; i < 16; i++) {
						raw.getOutputStream().write(chunk);
					}
				}
				catch (IOException ex) {
					// The server closed the connection at the header.
				}
				awaitClosedByServer(raw.getInputStream());
				long grown = usedHeapAfterGc() - heapBefore;
				assertThat(grown).as("heap growth after a %d-byte frame was announced", claimed)
					.isLessThan(64L * 1024 * 1024);
			}
		},

		/**
		 * A frame whose header promises 200 bytes, 50 of them, then the connection
		 * closed. JeroMQ discards the partial frame; it cannot tell this from a peer that
		 * went away mid-message, so it is not counted.
		 */
		TRUNCATED_FRAME(null, null, false) {
			@Override
			void perform(Socket raw, Receiver receiver) throws IOException {
				ZmtpWriter writer = writer(raw).handshake(raw.getInputStream(), receiver.peerType);
				byte[] header = { 0, (byte) 200 };
				writer.write(header).write(new byte[50]);
				raw.shutdownOutput();
				awaitClosedByServer(raw.getInputStream());
			}
		};

		final Reason reason;

		final String logged;

		final boolean negativeLength;

		Attack(Reason reason, String logged, boolean negativeLength) {
			this.reason = reason;
			this.logged = logged;
			this.negativeLength = negativeLength;
		}

		abstract void perform(Socket raw, Receiver receiver) throws IOException;

		private static ZmtpWriter writer(Socket raw) throws IOException {
			return new ZmtpWriter(raw.getOutputStream());
		}

	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class })
	static class Application {

		private final Map<Receiver, List<String>> received = new ConcurrentHashMap<>();

		List<String> received(Receiver receiver) {
			return this.received.computeIfAbsent(receiver, key -> new CopyOnWriteArrayList<>());
		}

		/**
		 * Every rejection logged, so that each case can find its line; the once-a-minute
		 * limit is tested apart.
		 */
		@Bean
		ConnectionRejections zmqConnectionRejections() {
			return new ConnectionRejections(Duration.ZERO);
		}

		@Bean
		MalformedFrameGuard zmqMalformedFrameGuard() {
			return new MalformedFrameGuard(Duration.ZERO);
		}

		@ZmqListener(id = "sub-in", endpoint = "sub-in")
		void sub(String message) {
			received(Receiver.SUB).add(message);
		}

		@ZmqListener(id = "pull-in", endpoint = "pull-in")
		void pull(String message) {
			received(Receiver.PULL).add(message);
		}

		@ZmqListener(id = "rep-in", endpoint = "rep-in")
		String rep(String message) {
			received(Receiver.REP).add(message);
			return "served";
		}

		@ZmqListener(id = "pair-in", endpoint = "pair-in")
		void pair(String message) {
			received(Receiver.PAIR).add(message);
		}

		@ZmqListener(id = "router-in", endpoint = "router-in")
		String router(String message) {
			received(Receiver.ROUTER).add(message);
			return "served";
		}

	}

}
