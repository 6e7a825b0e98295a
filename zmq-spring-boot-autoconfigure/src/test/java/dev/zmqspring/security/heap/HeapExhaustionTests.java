package dev.zmqspring.security.heap;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.zmqspring.security.ZmqKeyGenerator;
import dev.zmqspring.testsupport.ChildJvm;
import dev.zmqspring.testsupport.ZmtpWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hundreds of connections that each announce a command of 1,000,000 bytes (under the
 * default maximum message size) and then stall, against a listener JVM with a 128 MB
 * heap: without a limit JeroMQ would hold every announced buffer (500 MB) and its I/O
 * thread would die of {@code OutOfMemoryError}. With the guard, each peer is dropped
 * before its frame is read; the heap after a full collection stays near where it was, the
 * connections' file descriptors are released, and a good peer is served right after, on a
 * plain endpoint and on a CURVE server (the attack needs no key: it comes before the
 * handshake).
 */
@Timeout(240)
class HeapExhaustionTests {

	private static final int CONNECTIONS = 500;

	private static final int ANNOUNCED_SIZE = 1_000_000;

	private static final Duration WAIT = Duration.ofSeconds(60);

	/** A heap in use that grew by more than this kept something of the attack. */
	private static final long HEAP_SLACK = 24L * 1024 * 1024;

	private static final ZMQ.Curve.KeyPair SERVER = ZmqKeyGenerator.generate();

	private static final ZMQ.Curve.KeyPair CLIENT = ZmqKeyGenerator.generate();

	private static final AtomicInteger GOOD_MESSAGES = new AtomicInteger();

	private static ChildJvm listener;

	@BeforeAll
	static void startListenerJvm() {
		List<String> arguments = new ArrayList<>(GuardedListenerApp.endpoints());
		arguments.addAll(List.of("--zmq.security.endpoints.secure.public-key=" + SERVER.publicKey,
				"--zmq.security.endpoints.secure.secret-key=" + SERVER.secretKey,
				"--zmq.security.endpoints.secure.allowed-client-keys=" + CLIENT.publicKey));
		listener = ChildJvm.launch("heap-listener", GuardedListenerApp.class, "128m", arguments);
		listener.awaitReady();
	}

	@AfterAll
	static void stopListenerJvm() {
		if (listener != null) {
			listener.close();
		}
	}

	@Test
	void stalledHugeCommandsOnAPullEndpointHoldNoMemory() throws Exception {
		attackAndCheck("sink", SocketType.PUSH, "NULL", null);
	}

	@Test
	void stalledHugeCommandsOnACurveServerHoldNoMemory() throws Exception {
		attackAndCheck("secure", SocketType.PUSH, "CURVE", SERVER);
	}

	@Test
	void stalledHugeCommandsOnASubEndpointHoldNoMemory() throws Exception {
		attackAndCheck("sub", SocketType.PUB, "NULL", null);
	}

	@Test
	void stalledHugeCommandsOnARepEndpointHoldNoMemory() throws Exception {
		attackAndCheck("rep", SocketType.DEALER, "NULL", null);
	}

	@Test
	void stalledHugeCommandsOnARouterEndpointHoldNoMemory() throws Exception {
		attackAndCheck("router", SocketType.DEALER, "NULL", null);
	}

	private static void attackAndCheck(String endpoint, SocketType goodPeer, String mechanism, ZMQ.Curve.KeyPair server)
			throws Exception {
		String address = address(endpoint);
		int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
		long[] before = probe();
		long descriptorsBefore = openDescriptors();
		List<Socket> attackers = new ArrayList<>();
		try {
			for (int i = 0; i < CONNECTIONS; i++) {
				Socket socket = new Socket("127.0.0.1", port);
				attackers.add(socket);
				OutputStream out = socket.getOutputStream();
				out.write(ZmtpWriter.greeting(mechanism));
				out.write(ZmtpWriter.longHeader(ZmtpWriter.COMMAND | ZmtpWriter.LONG, ANNOUNCED_SIZE));
				out.write(new byte[] { 5, 'H', 'E', 'L', 'L', 'O' });
				out.flush();
			}
			await().atMost(WAIT).until(() -> probe()[1] >= before[1] + CONNECTIONS);
			assertGoodPeerIsServed(address, goodPeer, endpoint.equals("rep"), server);
			long[] after = probe();
			assertThat(after[0]).as("heap in use after a full collection, bytes (before the attack: %d)", before[0])
				.isLessThan(before[0] + HEAP_SLACK);
			assertThat(after[2]).as("live threads (before the attack: %d)", before[2]).isLessThan(before[2] + 5);
			if (descriptorsBefore >= 0) {
				await().atMost(WAIT).until(() -> openDescriptors() < descriptorsBefore + 50);
			}
			assertThat(listener.isAlive()).isTrue();
			assertThat(listener.hasPrinted(line -> line.contains("OutOfMemoryError"))).isFalse();
		}
		finally {
			for (Socket socket : attackers) {
				closeQuietly(socket);
			}
		}
	}

	private static void assertGoodPeerIsServed(String address, SocketType type, boolean envelope,
			ZMQ.Curve.KeyPair server) {
		String text = "good-" + GOOD_MESSAGES.incrementAndGet();
		try (ZContext context = new ZContext()) {
			ZMQ.Socket push = context.createSocket(type);
			if (server != null) {
				push.setCurvePublicKey(CLIENT.publicKey.getBytes(ZMQ.CHARSET));
				push.setCurveSecretKey(CLIENT.secretKey.getBytes(ZMQ.CHARSET));
				push.setCurveServerKey(server.publicKey.getBytes(ZMQ.CHARSET));
			}
			push.setHandshakeIvl(1000);
			push.setSendTimeOut(0);
			push.connect(address);
			// Sent until it arrives: JeroMQ 0.6.0 stalls about one fresh TCP connection
			// in
			// ten until its handshake timer resets it.
			await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (envelope) {
					// A DEALER talking to a REP: the empty delimiter a REQ would add.
					push.sendMore("");
				}
				push.send(text, ZMQ.DONTWAIT);
				return listener.hasPrinted(("RECEIVED " + text)::equals);
			});
		}
	}

	private static long[] probe() {
		return ListenerJvmProbe.probe(listener);
	}

	private static String address(String id) {
		return ListenerJvmProbe.address(listener, id);
	}

	/** Open file descriptors of the listener JVM, or -1 where /proc does not tell. */
	private static long openDescriptors() throws IOException {
		Path descriptors = Path.of("/proc", Long.toString(listener.pid()), "fd");
		if (!Files.isDirectory(descriptors)) {
			return -1;
		}
		try (Stream<Path> entries = Files.list(descriptors)) {
			return entries.count();
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// the listener may have closed it first
		}
	}

}
