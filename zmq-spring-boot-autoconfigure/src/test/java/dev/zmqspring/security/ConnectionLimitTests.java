package dev.zmqspring.security;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ConnectionRejections.Reason;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.testsupport.RawSockets;
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
 * A binding endpoint keeps at most {@code max-connections} connections, those still in
 * their handshake included: one more is closed as soon as it is accepted, counted and
 * reported, and a place that frees up is taken by the next peer.
 */
@Timeout(60)
class ConnectionLimitTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
		.withUserConfiguration(Sink.class)
		.withPropertyValues("zmq.endpoints.sink.type=PULL", "zmq.endpoints.sink.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.sink.socket.max-connections=3",
				// Long enough that the connection stalled after its greeting is still
				// there when the next one comes, however slow the machine.
				"zmq.endpoints.sink.socket.handshake-interval=60s");

	@Test
	void connectionBeyondTheLimitIsClosedAtOnceAndCounted() {
		this.runner.run(context -> {
			int port = port(context);
			ConnectionRejections rejections = context.getBean(ConnectionRejections.class);
			List<Socket> held = new ArrayList<>();
			try {
				// Two finished handshakes and one that has sent only its greeting: all
				// three count.
				held.add(handshaken(port));
				held.add(handshaken(port));
				held.add(greetingOnly(port));
				try (Socket extra = new Socket("127.0.0.1", port)) {
					extra.setSoTimeout((int) WAIT.toMillis());
					extra.getOutputStream().write(ZmtpWriter.greeting("NULL"));
					RawSockets.awaitClosedByPeer(extra.getInputStream());
				}
				await().atMost(WAIT).until(() -> rejections.getRejected("sink", Reason.CONNECTION_LIMIT) == 1);
				assertThat(rejections.getLastRejection("sink")).contains("max-connections");
				held.remove(0).close();
				assertGoodPeerIsServed(context);
				assertThat(rejections.getRejected("sink", Reason.CONNECTION_LIMIT)).isEqualTo(1);
			}
			finally {
				for (Socket socket : held) {
					socket.close();
				}
			}
		});
	}

	@Test
	void connectionBeyondTheLimitOfThoseInTheirHandshakeIsClosedAtOnceAndCounted() {
		this.runner
			.withPropertyValues("zmq.endpoints.sink.socket.max-connections=0",
					"zmq.endpoints.sink.socket.max-handshaking-connections=1")
			.run(context -> {
				int port = port(context);
				ConnectionRejections rejections = context.getBean(ConnectionRejections.class);
				Sink sink = context.getBean(Sink.class);
				List<Socket> held = new ArrayList<>();
				try {
					// A connection that completed its handshake (its message arrived)
					// does
					// not count, so the next one, which stops after its greeting, is kept
					// and fills the limit; the one after it is refused.
					Socket complete = handshaken(port);
					held.add(complete);
					new ZmtpWriter(complete.getOutputStream()).write(ZmtpWriter.frame(0, "complete".getBytes()));
					await().atMost(WAIT).until(() -> sink.received.contains("complete"));
					held.add(greetingSent(port));
					try (Socket extra = greetingSent(port)) {
						RawSockets.awaitClosedByPeer(extra.getInputStream());
					}
					await().atMost(WAIT).until(() -> rejections.getRejected("sink", Reason.HANDSHAKE_LIMIT) > 0);
					// Only the last one: the connection in its handshake was kept.
					assertThat(rejections.getRejected("sink", Reason.HANDSHAKE_LIMIT)).isEqualTo(1);
					assertThat(rejections.getLastRejection("sink")).contains("max-handshaking-connections");
					assertThat(rejections.getRejected("sink", Reason.CONNECTION_LIMIT)).isZero();
				}
				finally {
					for (Socket socket : held) {
						socket.close();
					}
				}
			});
	}

	@Test
	void negativeHandshakingLimitFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("zmq.endpoints.sink.socket.max-handshaking-connections=-1")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(
						"zmq.endpoints.sink.socket.max-handshaking-connections must be at least 0, was -1"));
	}

	/** A connection that sends its greeting and nothing more, without reading. */
	private static Socket greetingSent(int port) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout((int) WAIT.toMillis());
		socket.getOutputStream().write(ZmtpWriter.greeting("NULL"));
		return socket;
	}

	@Test
	void zeroMeansNoLimit() {
		this.runner.withPropertyValues("zmq.endpoints.sink.socket.max-connections=0").run(context -> {
			int port = port(context);
			List<Socket> held = new ArrayList<>();
			try {
				for (int i = 0; i < 5; i++) {
					held.add(handshaken(port));
				}
				assertGoodPeerIsServed(context);
				assertThat(context.getBean(ConnectionRejections.class).getRejected("sink", Reason.CONNECTION_LIMIT))
					.isZero();
			}
			finally {
				for (Socket socket : held) {
					socket.close();
				}
			}
		});
	}

	@Test
	void negativeLimitFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("zmq.endpoints.sink.socket.max-connections=-1")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("zmq.endpoints.sink.socket.max-connections must be at least 0, was -1"));
	}

	private static Socket handshaken(int port) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout((int) WAIT.toMillis());
		new ZmtpWriter(socket.getOutputStream()).handshake(socket.getInputStream(), "PUSH");
		return socket;
	}

	private static Socket greetingOnly(int port) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout((int) WAIT.toMillis());
		socket.getOutputStream().write(ZmtpWriter.greeting("NULL"));
		ZmtpWriter.readGreeting(socket.getInputStream());
		return socket;
	}

	private static void assertGoodPeerIsServed(AssertableApplicationContext context) {
		Sink sink = context.getBean(Sink.class);
		try (ZContext peerContext = new ZContext()) {
			ZMQ.Socket push = peerContext.createSocket(SocketType.PUSH);
			push.setHandshakeIvl(1000);
			push.connect(address(context));
			await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
				push.send("good", ZMQ.DONTWAIT);
				return sink.received.contains("good");
			});
		}
	}

	private static String address(AssertableApplicationContext context) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("sink").getAddresses().get(0);
	}

	private static int port(AssertableApplicationContext context) {
		String address = address(context);
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	@Configuration(proxyBeanMethods = false)
	static class Sink {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "sink", endpoint = "sink")
		void onMessage(String text) {
			this.received.add(text);
		}

	}

}
