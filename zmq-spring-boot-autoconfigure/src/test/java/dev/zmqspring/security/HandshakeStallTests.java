package dev.zmqspring.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.testsupport.ZmtpWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code zmq.socket.handshake-interval} covers the whole handshake, as in libzmq: a peer
 * that completes its greeting and then never sends its READY is dropped after the
 * interval and counted as a handshake timeout (JeroMQ 0.6.0 stops its own timer at the
 * end of the greeting, and kept such a connection open for as long as the socket lived).
 * A connecting socket whose server stalls so connects again instead of waiting for good.
 * Peers that complete their handshake are never touched, however long they stay idle.
 */
@Timeout(60)
class HandshakeStallTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final Duration HANDSHAKE_INTERVAL = Duration.ofMillis(500);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
		.withUserConfiguration(Listener.class)
		.withPropertyValues("zmq.socket.handshake-interval=" + HANDSHAKE_INTERVAL.toMillis() + "ms",
				"zmq.endpoints.sink.type=PULL", "zmq.endpoints.sink.bind=tcp://127.0.0.1:*");

	@Test
	void aPeerThatStallsAfterItsGreetingIsDroppedAndCounted() {
		this.runner.run(context -> {
			int port = port(address(context));
			// Before the connection exists, so that it cannot be older than this.
			long start = System.nanoTime();
			try (Socket raw = new Socket("127.0.0.1", port)) {
				raw.setSoTimeout((int) WAIT.toMillis());
				InputStream in = raw.getInputStream();
				new ZmtpWriter(raw.getOutputStream()).write(ZmtpWriter.greeting("NULL"));
				ZmtpWriter.readGreeting(in);
				// The server's READY, then the end of the stream (a read timeout fails
				// the
				// test): it never gets ours.
				while (in.read() >= 0) {
					// the server's commands
				}
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(HANDSHAKE_INTERVAL);
			}
			ZmqListenerContainer sink = container(context);
			await().atMost(WAIT)
				.until(() -> rejections(context).getRejected("sink",
						ConnectionRejections.Reason.HANDSHAKE_TIMEOUT) == 1);
			assertThat(rejections(context).getLastRejection("sink")).contains("completed its greeting but not its NULL")
				.contains("zmq.socket.handshake-interval");
			assertThat(sink.getActivity().getConnectedPeers()).isZero();
		});
	}

	@Test
	void aPeerThatCompletesItsHandshakeStaysConnectedWhileIdle() {
		this.runner.run(context -> {
			Listener listener = context.getBean(Listener.class);
			try (ZContext peers = new ZContext()) {
				ZMQ.Socket push = peers.createSocket(SocketType.PUSH);
				push.setHandshakeIvl(1000);
				push.setLinger(0);
				push.connect(address(context));
				push.send("first");
				assertThat(listener.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("first");
				// Counted from here: a JeroMQ 0.6.0 client sometimes stalls on a fresh
				// connection before its greeting, is dropped for it, and connects again
				// (about one connection in ten); the connection that delivered "first"
				// completed its handshake.
				long rejectedBefore = rejections(context).getRejected("sink");
				ZmqListenerContainer sink = container(context);
				await().during(HANDSHAKE_INTERVAL.multipliedBy(4))
					.atMost(HANDSHAKE_INTERVAL.multipliedBy(4).plus(WAIT))
					.until(() -> sink.getActivity().getConnectedPeers() == 1);
				push.send("after a while");
				assertThat(listener.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("after a while");
				assertThat(rejections(context).getRejected("sink")).isEqualTo(rejectedBefore);
			}
		});
	}

	@Test
	void aConnectingSocketWhoseServerStallsAfterItsGreetingConnectsAgain() throws IOException {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			server.setSoTimeout((int) WAIT.toMillis());
			AtomicInteger accepted = new AtomicInteger();
			CompletableFuture<Void> stallingServer = CompletableFuture.runAsync(() -> stall(server, accepted));
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH",
						"zmq.endpoints.out.connect=tcp://127.0.0.1:" + server.getLocalPort())
				.run(context -> {
					assertThat(context).hasNotFailed();
					await().atMost(WAIT).until(() -> accepted.get() >= 2);
				});
			stallingServer.cancel(true);
		}
	}

	/**
	 * Accepts connections, exchanges greetings and then sends nothing, reading until the
	 * client hangs up.
	 */
	private static void stall(ServerSocket server, AtomicInteger accepted) {
		while (!server.isClosed() && accepted.get() < 2) {
			try (Socket connection = server.accept()) {
				accepted.incrementAndGet();
				connection.setSoTimeout((int) WAIT.toMillis());
				new ZmtpWriter(connection.getOutputStream()).write(ZmtpWriter.greeting("NULL"));
				InputStream in = connection.getInputStream();
				while (in.read() >= 0) {
					// the client's greeting and READY
				}
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static ConnectionRejections rejections(AssertableApplicationContext context) {
		return context.getBean(dev.zmqspring.core.ZmqSocketFactory.class).getConnectionRejections();
	}

	private static ZmqListenerContainer container(AssertableApplicationContext context) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("sink");
	}

	private static String address(AssertableApplicationContext context) {
		return container(context).getAddresses().get(0);
	}

	private static int port(String address) {
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@ZmqListener(id = "sink", endpoint = "sink")
		void onMessage(byte[] payload) {
			this.received.add(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
		}

	}

}
