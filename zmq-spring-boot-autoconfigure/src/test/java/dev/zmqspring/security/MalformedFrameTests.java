package dev.zmqspring.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
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
 * A raw TCP client that writes a ZMTP frame with a negative length (JeroMQ 0.6.0 issue
 * #1005, which without the guard ends the context's I/O thread) does not stop a listener
 * from receiving from a good peer afterwards, whether the frame comes during the
 * handshake or after it; the frame is counted, the peer dropped, and nothing of it
 * reaches the listener.
 */
@Timeout(30)
class MalformedFrameTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/**
	 * A LARGE frame (flags 0x02) whose 8-byte length has the top bit set: -16 read as a
	 * signed long.
	 */
	private static final byte[] NEGATIVE_LENGTH_FRAME = { 0x02, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
			(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0 };

	/**
	 * A LARGE frame whose 8-byte length is negative but whose low 32 bits are
	 * {@code Integer.MAX_VALUE}: JeroMQ keeps only those, which would ask for 2 GiB.
	 */
	private static final byte[] TRUNCATED_NEGATIVE_LENGTH_FRAME = { 0x02, (byte) 0x80, 0, 0, 0, 0x7f, (byte) 0xff,
			(byte) 0xff, (byte) 0xff };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
		.withUserConfiguration(Sink.class)
		.withPropertyValues("zmq.endpoints.sink.type=PULL", "zmq.endpoints.sink.bind=tcp://127.0.0.1:*");

	@Test
	void listenerKeepsServingGoodPeerAfterNegativeFrameLengthDuringHandshake() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			sendHostileBytes(context, false);
			assertGoodPeerIsServed(context);
		});
	}

	@Test
	void listenerKeepsServingGoodPeerAfterNegativeFrameLengthAfterHandshake() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			sendHostileBytes(context, true);
			assertGoodPeerIsServed(context);
		});
	}

	@Test
	void negativeLengthThatJeroMqTruncatesToTwoGibibytesIsRefusedToo() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			sendHostileBytes(context, false, TRUNCATED_NEGATIVE_LENGTH_FRAME);
			assertGoodPeerIsServed(context);
		});
	}

	private static void sendHostileBytes(AssertableApplicationContext context, boolean completeHandshake)
			throws IOException {
		sendHostileBytes(context, completeHandshake, NEGATIVE_LENGTH_FRAME);
	}

	private static void sendHostileBytes(AssertableApplicationContext context, boolean completeHandshake, byte[] frame)
			throws IOException {
		String address = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer("sink")
			.getAddresses()
			.get(0);
		int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
		MalformedFrameGuard guard = context.getBean(MalformedFrameGuard.class);
		try (Socket raw = new Socket("127.0.0.1", port)) {
			raw.setSoTimeout((int) WAIT.toMillis());
			ZmtpWriter writer = new ZmtpWriter(raw.getOutputStream());
			InputStream in = raw.getInputStream();
			if (completeHandshake) {
				writer.handshake(in, "PUSH");
			}
			else {
				writer.write(ZmtpWriter.greeting("NULL"));
			}
			writer.write(frame);
			await().atMost(WAIT).until(() -> guard.getNegativeFrames() > 0);
			// During the handshake the frame is a malformed command; after it, a
			// heartbeat that expires within
			// 100 ms. Either way the server drops the connection.
			while (in.read() >= 0) {
				// what is left of the server's greeting and commands, then end of stream
				// (a timeout fails the test)
			}
		}
	}

	private static void assertGoodPeerIsServed(AssertableApplicationContext context) {
		String address = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer("sink")
			.getAddresses()
			.get(0);
		Sink sink = context.getBean(Sink.class);
		try (ZContext peerContext = new ZContext()) {
			ZMQ.Socket push = peerContext.createSocket(SocketType.PUSH);
			push.setHandshakeIvl(1000);
			push.connect(address);
			push.send("after the hostile peer");
			await().atMost(WAIT).until(() -> sink.received.contains("after the hostile peer"));
		}
		assertThat(sink.received).containsExactly("after the hostile peer");
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
