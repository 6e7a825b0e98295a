package dev.zmqspring.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.testsupport.ZmtpWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How rejected connections are reported: every one counted, but one line a minute for a
 * peer that keeps trying; ZMTP before 3.0 refused; and only a binding socket judges its
 * peers.
 */
@Timeout(30)
@ExtendWith(OutputCaptureExtension.class)
class RejectedConnectionReportingTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class));

	@Test
	void peerThatKeepsSendingGarbageIsCountedEveryTimeButLoggedOnce(CapturedOutput output) {
		this.runner.withUserConfiguration(Sink.class)
			.withPropertyValues("zmq.endpoints.sink.type=PULL", "zmq.endpoints.sink.bind=tcp://127.0.0.1:*")
			.run(context -> {
				assertThat(context).hasNotFailed();
				int port = port(context);
				for (int i = 0; i < 20; i++) {
					sendAndAwaitClose(port,
							"\u0016\u0003\u0001 a TLS hello, say".getBytes(StandardCharsets.ISO_8859_1));
				}
				ConnectionRejections rejections = context.getBean(ConnectionRejections.class);
				await().atMost(WAIT)
					.until(() -> rejections.getRejected("sink", ConnectionRejections.Reason.GREETING) == 20);
				assertThat(rejections.getRejected("sink")).isEqualTo(20);
				String line = "Endpoint 'sink' dropped a connection from 127.0.0.1: the peer did not complete a ZMTP 3"
						+ " greeting";
				assertThat((output.getOut() + output.getErr()).split(Pattern.quote(line), -1)).hasSize(2);
			});
	}

	@Test
	void peerSpeakingZmtpBeforeThreeIsDroppedDuringItsGreeting() {
		this.runner.withUserConfiguration(Sink.class)
			.withPropertyValues("zmq.endpoints.sink.type=PULL", "zmq.endpoints.sink.bind=tcp://127.0.0.1:*")
			.run(context -> {
				assertThat(context).hasNotFailed();
				int port = port(context);
				// ZMTP 2.0 (libzmq 3.x): signature, revision 1, socket type PUSH (8),
				// then an identity frame and a
				// message frame. Without the guard JeroMQ would take it and deliver the
				// message.
				byte[] zmtp20 = { (byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 1, 8, 0, 0, 0, 5, 'h', 'e', 'l', 'l',
						'o' };
				sendAndAwaitClose(port, zmtp20);
				// ZMTP 1.0 (ZeroMQ 2): an identity frame and a message frame, no
				// signature at all.
				byte[] zmtp10 = { 1, 0, 6, 0, 'h', 'e', 'l', 'l', 'o' };
				sendAndAwaitClose(port, zmtp10);
				ConnectionRejections rejections = context.getBean(ConnectionRejections.class);
				await().atMost(WAIT)
					.until(() -> rejections.getRejected("sink", ConnectionRejections.Reason.GREETING) == 2);
				assertThat(context.getBean(Sink.class).received).hasValue(0);
			});
	}

	@Test
	void connectingSocketDoesNotJudgeTheServerItConnectsTo() throws IOException {
		try (ServerSocket hostileServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			AtomicInteger accepted = new AtomicInteger();
			Thread server = new Thread(() -> closeEveryConnection(hostileServer, accepted), "hostile-server");
			server.setDaemon(true);
			server.start();
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH",
						"zmq.endpoints.out.connect=tcp://127.0.0.1:" + hostileServer.getLocalPort(),
						"zmq.socket.reconnect-interval=50ms", "zmq.socket.handshake-interval=500ms")
				.run(context -> {
					assertThat(context).hasNotFailed();
					// Senders open on first use.
					context.getBean(ZmqSenderRegistry.class).sender("out");
					// The sender reconnects after each drop: three connections, each
					// closed before any greeting.
					await().atMost(WAIT).until(() -> accepted.get() >= 3);
					// A connecting socket's peer is a server the application chose: not a
					// rejected connection.
					assertThat(context.getBean(ConnectionRejections.class).getRejected("out")).isZero();
				});
		}
	}

	/**
	 * Accepts and closes at once, which a binding socket would count as a rejected
	 * greeting. (Garbage instead would hang the test now and then: when JeroMQ 0.6.0
	 * stalls a fresh connection after reading the garbage, which it takes for the ZeroMQ
	 * 2 protocol and so stops the handshake timer, that connection is never dropped.)
	 */
	@SuppressWarnings("try") // the connection is accepted only to be closed
	private static void closeEveryConnection(ServerSocket server, AtomicInteger accepted) {
		while (!server.isClosed()) {
			try (Socket connection = server.accept()) {
				accepted.incrementAndGet();
			}
			catch (IOException ex) {
				// Closed at the end of the test.
			}
		}
	}

	private static void sendAndAwaitClose(int port, byte[] bytes) throws IOException {
		try (Socket raw = new Socket("127.0.0.1", port)) {
			raw.setSoTimeout((int) WAIT.toMillis());
			try {
				new ZmtpWriter(raw.getOutputStream()).write(bytes);
			}
			catch (IOException ex) {
				// Dropped before the last byte.
			}
			InputStream in = raw.getInputStream();
			try {
				while (in.read() >= 0) {
					// the server's greeting, then end of stream (a read timeout fails the
					// test)
				}
			}
			catch (SocketException ex) {
				// Reset: closed by the server while bytes were in flight.
			}
		}
	}

	private static int port(AssertableApplicationContext context) {
		String address = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer("sink")
			.getAddresses()
			.get(0);
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	@Configuration(proxyBeanMethods = false)
	static class Sink {

		final AtomicInteger received = new AtomicInteger();

		@ZmqListener(id = "sink", endpoint = "sink")
		void onMessage(byte[] message) {
			this.received.incrementAndGet();
		}

	}

}
