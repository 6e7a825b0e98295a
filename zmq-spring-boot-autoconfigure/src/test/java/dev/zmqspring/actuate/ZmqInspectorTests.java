package dev.zmqspring.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
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
 * What the inspector reports for a sender with a socket per thread: one entry, with the
 * sockets of the threads and the counts of all of them.
 */
@Timeout(60)
class ZmqInspectorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void senderWithASocketPerThreadIsOneEntryCountingEveryThreadSocket() {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=inproc://inspected",
					"zmq.endpoints.out.socket-per-thread=true")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				try (ZMQ.Socket pull = context.getBean(ZContext.class).createSocket(SocketType.PULL)) {
					pull.bind("inproc://inspected");
					CountDownLatch sent = new CountDownLatch(3);
					CountDownLatch inspected = new CountDownLatch(1);
					List<Thread> threads = new ArrayList<>();
					for (int i = 0; i < 3; i++) {
						Thread thread = new Thread(() -> {
							template.send("out", new byte[] { 1 });
							sent.countDown();
							awaitQuietly(inspected);
						});
						thread.start();
						threads.add(thread);
					}
					try {
						assertThat(sent.await(20, TimeUnit.SECONDS)).isTrue();
						ZmqInspector inspector = new ZmqInspector(null, template.getSenderRegistry(), null, Map.of(),
								null);
						await().atMost(Duration.ofSeconds(10))
							.untilAsserted(() -> assertThat(inspector.inspect().senders().get("out"))
								.containsEntry("threadSockets", 3)
								.containsEntry("sent", 3L));
					}
					finally {
						inspected.countDown();
						for (Thread thread : threads) {
							thread.join(10_000);
						}
					}
				}
			});
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
