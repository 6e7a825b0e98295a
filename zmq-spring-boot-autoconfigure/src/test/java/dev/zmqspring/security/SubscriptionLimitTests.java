package dev.zmqspring.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ConnectionRejections.Reason;
import dev.zmqspring.core.EndpointSender;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.testsupport.RawSockets;
import dev.zmqspring.testsupport.ZmtpWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bound PUB endpoint receives only subscriptions, which it reads only when it
 * publishes: a subscriber could otherwise queue its high-water mark of subscriptions of
 * {@code max-message-size} each (a thousand of 1 MiB), and JeroMQ walks a subscription
 * recursively, one call per byte, so that one of 8 KiB overflows the endpoint thread's
 * stack. A subscription announced larger than 1 KiB drops its peer at the frame's header,
 * counted and reported; subscribers with topics of up to a kilobyte are served.
 */
@Timeout(60)
class SubscriptionLimitTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
		.withPropertyValues("zmq.endpoints.news.type=PUB", "zmq.endpoints.news.bind=tcp://127.0.0.1:*");

	@Test
	void aSubscriptionLargerThan1KiBDropsItsPeerBeforeAnythingIsTaken() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			EndpointSender sender = template.getSenderRegistry().sender("news");
			String address = sender.getAddresses().get(0);
			try (Socket raw = new Socket("127.0.0.1",
					Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)))) {
				raw.setSoTimeout((int) WAIT.toMillis());
				new ZmtpWriter(raw.getOutputStream()).handshake(raw.getInputStream(), "SUB");
				OutputStream out = raw.getOutputStream();
				// A subscription of 64 KiB: well under max-message-size (1 MiB), and deep
				// enough to overflow the endpoint thread's stack.
				out.write(ZmtpWriter.longHeader(0, 64 * 1024));
				out.write(1);
				out.flush();
				RawSockets.awaitClosedByPeer(raw.getInputStream());
			}
			ConnectionRejections rejections = context.getBean(ConnectionRejections.class);
			await().atMost(WAIT).until(() -> rejections.getRejected("news", Reason.OVERSIZE) == 1);
			assertThat(rejections.getLastRejection("news")).contains("subscription larger than 1024 bytes");
			assertSubscriberIsServed(template, address, "t".repeat(1000));
		});
	}

	/** A subscriber whose topic is just under the limit gets what is published to it. */
	private static void assertSubscriberIsServed(ZmqTemplate template, String address, String topic) {
		try (ZContext peer = new ZContext()) {
			ZMQ.Socket sub = peer.createSocket(SocketType.SUB);
			sub.subscribe(topic.getBytes());
			RawSockets.connect(sub, address);
			// Polled on this thread: the SUB socket belongs to it.
			await().pollInSameThread().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
				template.convertAndSend("news", topic, "hello");
				String received = sub.recvStr(ZMQ.DONTWAIT);
				return received != null;
			});
		}
	}

}
