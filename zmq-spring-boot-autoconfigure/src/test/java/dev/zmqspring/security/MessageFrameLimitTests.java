package dev.zmqspring.security;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ConnectionRejections.Reason;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.metrics.ZmqMetricsAutoConfiguration;
import dev.zmqspring.testsupport.RawSockets;
import dev.zmqspring.testsupport.ZmtpWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message may have at most {@code max-message-frames} frames (32 by default): a peer
 * that sends more in one message, such as a message that never ends, is dropped and the
 * message thrown away before its last frame, counted and reported, while the endpoint
 * keeps serving its other peers. JeroMQ itself would keep every frame until the last one
 * came.
 */
@Timeout(60)
class MessageFrameLimitTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	/** Far more frames than the limit; the endpoint drops the peer long before. */
	private static final int ENDLESS = 200_000;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class,
				ZmqMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withUserConfiguration(Sink.class)
		.withPropertyValues("zmq.endpoints.sink.type=PULL", "zmq.endpoints.sink.bind=tcp://127.0.0.1:*");

	@Test
	void aMessageThatNeverEndsIsThrownAwayAndItsPeerDropped() {
		this.runner.run(context -> {
			try (Socket raw = handshaken(context)) {
				OutputStream out = new BufferedOutputStream(raw.getOutputStream(), 8192);
				byte[] frame = ZmtpWriter.frame(ZmtpWriter.MORE, "part".getBytes(StandardCharsets.US_ASCII));
				writeUntilClosed(out, frame, ENDLESS);
				RawSockets.awaitClosedByPeer(raw.getInputStream());
			}
			assertCountedAndReported(context, 1);
			assertGoodPeerIsServed(context, "after");
			assertThat(context.getBean(Sink.class).errors).isEmpty();
		});
	}

	@Test
	void heartbeatsBetweenTheFramesOfAMessageDoNotRestartTheCount() {
		this.runner.run(context -> {
			try (Socket raw = handshaken(context)) {
				OutputStream out = raw.getOutputStream();
				byte[] frame = ZmtpWriter.frame(ZmtpWriter.MORE, new byte[] { 1 });
				// Twenty frames, a PING, twenty more: 40 frames of one message.
				for (int round = 0; round < 2; round++) {
					for (int i = 0; i < 20; i++) {
						out.write(frame);
					}
					out.write(ping());
				}
				out.flush();
				RawSockets.awaitClosedByPeer(raw.getInputStream());
			}
			assertCountedAndReported(context, 1);
		});
	}

	@Test
	void aMessageOfAsManyFramesAsTheLimitIsDeliveredAndOneMoreIsNot() {
		this.runner.withPropertyValues("zmq.endpoints.sink.socket.max-message-frames=5").run(context -> {
			Sink sink = context.getBean(Sink.class);
			try (ZContext peerContext = new ZContext()) {
				ZMQ.Socket push = peer(peerContext, context);
				// A PULL listener takes one frame: it reports what it got instead.
				await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
					sendFrames(push, 5);
					return sink.delivered(5);
				});
				sendFrames(push, 6);
				await().atMost(WAIT).until(() -> context.getBean(MalformedFrameGuard.class).getOverlongMessages() == 1);
				// JeroMQ's peer connects again; its next message arrives whole.
				await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
					sendFrames(push, 2);
					return sink.delivered(2);
				});
			}
			assertThat(sink.delivered(6)).isFalse();
			assertThat(context.getBean(ConnectionRejections.class).getLastRejection("sink"))
				.contains("more than 5 frames")
				.contains("zmq.endpoints.sink.socket.max-message-frames");
		});
	}

	@Test
	void zeroMeansNoLimit() {
		this.runner.withPropertyValues("zmq.socket.max-message-frames=0").run(context -> {
			Sink sink = context.getBean(Sink.class);
			try (ZContext peerContext = new ZContext()) {
				ZMQ.Socket push = peer(peerContext, context);
				await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
					sendFrames(push, 100);
					return sink.delivered(100);
				});
			}
			assertThat(context.getBean(MalformedFrameGuard.class).getOverlongMessages()).isZero();
		});
	}

	@Test
	void negativeLimitFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("zmq.endpoints.sink.socket.max-message-frames=-1")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("zmq.endpoints.sink.socket.max-message-frames must be at least 0, was -1"));
	}

	private static void assertCountedAndReported(AssertableApplicationContext context, int messages) {
		ConnectionRejections rejections = context.getBean(ConnectionRejections.class);
		await().atMost(WAIT).until(() -> rejections.getRejected("sink", Reason.OVERSIZE) == messages);
		assertThat(rejections.getLastRejection("sink")).contains("more than 32 frames").contains("max-message-frames");
		assertThat(context.getBean(MalformedFrameGuard.class).getOverlongMessages()).isEqualTo(messages);
		assertThat(context.getBean(MeterRegistry.class)
			.get("zmq.frames.refused")
			.tag("reason", "too-many-frames")
			.functionCounter()
			.count()).isEqualTo(messages);
	}

	/**
	 * Writes the frame again and again until the connection fails, or as often as given
	 * (which TCP's buffers may take whole).
	 */
	private static void writeUntilClosed(OutputStream out, byte[] frame, int most) {
		try {
			for (int i = 0; i < most; i++) {
				out.write(frame);
			}
			out.flush();
		}
		catch (IOException ex) {
			// closed by the endpoint
		}
	}

	/** A ZMTP 3.1 PING command, with a TTL of zero and no context. */
	private static byte[] ping() {
		return ZmtpWriter.frame(ZmtpWriter.COMMAND, new byte[] { 4, 'P', 'I', 'N', 'G', 0, 0 });
	}

	private static void sendFrames(ZMQ.Socket push, int count) {
		for (int i = 1; i <= count; i++) {
			push.send("f" + i, (i < count) ? ZMQ.SNDMORE | ZMQ.DONTWAIT : ZMQ.DONTWAIT);
		}
	}

	private static Socket handshaken(AssertableApplicationContext context) throws IOException {
		String address = address(context);
		Socket socket = new Socket("127.0.0.1", Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
		socket.setSoTimeout((int) WAIT.toMillis());
		new ZmtpWriter(socket.getOutputStream()).handshake(socket.getInputStream(), "PUSH");
		return socket;
	}

	private static ZMQ.Socket peer(ZContext peerContext, AssertableApplicationContext context) {
		ZMQ.Socket push = peerContext.createSocket(SocketType.PUSH);
		push.setHandshakeIvl(1000);
		push.setLinger(0);
		push.connect(address(context));
		return push;
	}

	private static void assertGoodPeerIsServed(AssertableApplicationContext context, String text) {
		Sink sink = context.getBean(Sink.class);
		try (ZContext peerContext = new ZContext()) {
			ZMQ.Socket push = peer(peerContext, context);
			await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
				push.send(text, ZMQ.DONTWAIT);
				return sink.texts.contains(text);
			});
		}
	}

	private static String address(AssertableApplicationContext context) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("sink").getAddresses().get(0);
	}

	@Configuration(proxyBeanMethods = false)
	static class Sink {

		final List<String> texts = new CopyOnWriteArrayList<>();

		/** What the listener reported instead of messages of more than one frame. */
		final List<String> errors = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "sink", endpoint = "sink", errorHandler = "frameErrors")
		void take(String text) {
			this.texts.add(text);
		}

		@Bean
		ZmqListenerErrorHandler frameErrors() {
			return (exception) -> this.errors.add(String.valueOf(exception.getMessage()));
		}

		/** Whether a message of this many frames reached the listener. */
		boolean delivered(int frames) {
			return this.errors.stream().anyMatch((error) -> error.contains("got " + frames + " frame(s)"));
		}

	}

}
