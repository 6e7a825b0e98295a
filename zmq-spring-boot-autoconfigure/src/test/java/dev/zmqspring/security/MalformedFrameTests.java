package dev.zmqspring.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqSecurityAutoConfiguration;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
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
 * A raw TCP client that writes a ZMTP frame with a negative length (JeroMQ 0.6.0 issue #1005, which without the
 * guard ends the context's I/O thread) does not stop a listener from receiving from a good peer afterwards, whether
 * the frame comes during the handshake or after it; the frame is counted and never reaches the listener.
 */
@Timeout(30)
class MalformedFrameTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** A LARGE frame (flags 0x02) whose 8-byte length has the top bit set: -16 read as a signed long. */
	private static final byte[] NEGATIVE_LENGTH_FRAME = { 0x02, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
			(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0 };

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

	private static void sendHostileBytes(AssertableApplicationContext context, boolean completeHandshake)
			throws IOException {
		String address = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer("sink")
			.getAddresses()
			.get(0);
		int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
		MalformedFrameGuard guard = context.getBean(MalformedFrameGuard.class);
		try (Socket raw = new Socket("127.0.0.1", port)) {
			raw.setSoTimeout((int) WAIT.toMillis());
			OutputStream out = raw.getOutputStream();
			writeByteByByte(out, greeting());
			if (completeHandshake) {
				// Wait for the server's greeting, so that the READY command below completes the handshake.
				readFully(raw.getInputStream(), 64);
				writeByteByByte(out, readyCommand("PUSH"));
			}
			writeByteByByte(out, NEGATIVE_LENGTH_FRAME);
			await().atMost(WAIT).until(() -> guard.getNegativeFrames() > 0);
			if (!completeHandshake) {
				// During the handshake the frame is a malformed command: the server drops the connection.
				InputStream in = raw.getInputStream();
				while (in.read() >= 0) {
					// the server's greeting, then end of stream (a read timeout fails the test)
				}
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

	/** A ZMTP 3.0 greeting for the NULL mechanism, as a client. */
	private static byte[] greeting() {
		byte[] greeting = new byte[64];
		greeting[0] = (byte) 0xff;
		greeting[9] = 0x7f;
		greeting[10] = 3;
		byte[] mechanism = "NULL".getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(mechanism, 0, greeting, 12, mechanism.length);
		return greeting;
	}

	/** The READY command with a Socket-Type property. */
	private static byte[] readyCommand(String socketType) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(5);
		body.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
		body.write(11);
		body.writeBytes("Socket-Type".getBytes(StandardCharsets.US_ASCII));
		byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
		body.writeBytes(new byte[] { 0, 0, 0, (byte) value.length });
		body.writeBytes(value);
		ByteArrayOutputStream command = new ByteArrayOutputStream();
		command.write(0x04);
		command.write(body.size());
		command.writeBytes(body.toByteArray());
		return command.toByteArray();
	}

	private static void writeByteByByte(OutputStream out, byte[] bytes) throws IOException {
		for (byte b : bytes) {
			out.write(b);
			out.flush();
		}
	}

	private static void readFully(InputStream in, int count) throws IOException {
		for (int i = 0; i < count; i++) {
			if (in.read() < 0) {
				throw new IOException("The server closed the connection after " + i + " bytes of its greeting");
			}
		}
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
