package dev.zmqspring.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Virtual threads send without pinning their carriers: hundreds of them wait for room in
 * a full send queue, and send requests and wait for their replies, while the JDK's
 * pinning diagnostics ({@code jdk.VirtualThreadPinned}, every pin however short) record
 * nothing; and every message arrives.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@Timeout(60)
class VirtualThreadSendingTests {

	private static final int THREADS = 200;

	private static final int MESSAGES_EACH = 10;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(SlowReceiver.class)
		.withPropertyValues("zmq.endpoints.work.type=PUSH", "zmq.endpoints.work.bind=inproc://virtual-work",
				"zmq.endpoints.work.socket.send-queue-capacity=8", "zmq.endpoints.work.socket.send-high-water-mark=8",
				"zmq.endpoints.work.socket.send-timeout=30s", "zmq.endpoints.work-in.type=PULL",
				"zmq.endpoints.work-in.connect=inproc://virtual-work",
				"zmq.endpoints.work-in.socket.receive-high-water-mark=8", "zmq.endpoints.echo.type=REQ",
				"zmq.endpoints.echo.bind=inproc://virtual-echo", "zmq.endpoints.echo-in.type=REP",
				"zmq.endpoints.echo-in.connect=inproc://virtual-echo");

	@Test
	void virtualThreadsWaitingForRoomOrForRepliesPinNoCarrier(@TempDir Path directory) throws Exception {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			SlowReceiver receiver = context.getBean(SlowReceiver.class);
			assertThat(FlightRecorder.getFlightRecorder().getEventTypes()).as("the JDK's pinning event")
				.anyMatch((type) -> type.getName().equals("jdk.VirtualThreadPinned"));
			Path dump = directory.resolve("pinning.jfr");
			try (Recording recording = new Recording()) {
				recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
				recording.start();
				List<Future<?>> sends = new CopyOnWriteArrayList<>();
				ExecutorService virtualThreads = newVirtualThreadPerTaskExecutor();
				try {
					for (int t = 0; t < THREADS; t++) {
						int thread = t;
						sends.add(virtualThreads.submit(() -> {
							for (int i = 0; i < MESSAGES_EACH; i++) {
								template.convertAndSend("work", thread + "-" + i);
							}
							return template.request("echo", "ping-" + thread, String.class);
						}));
					}
					// The queue and the pipes hold a few dozen: the others wait for room.
					await().atMost(Duration.ofSeconds(20))
						.until(() -> template.getSenderRegistry().sender("work").getStatistics().getSent() >= 8);
					receiver.open.countDown();
					for (Future<?> send : sends) {
						assertThat(send.get(30, TimeUnit.SECONDS)).asString().startsWith("pong-");
					}
				}
				finally {
					virtualThreads.shutdown();
					assertThat(virtualThreads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.size() == THREADS * MESSAGES_EACH);
				recording.stop();
				recording.dump(dump);
			}
			List<RecordedEvent> pinned = RecordingFile.readAllEvents(dump)
				.stream()
				.filter((event) -> event.getEventType().getName().equals("jdk.VirtualThreadPinned"))
				.toList();
			assertThat(pinned).as("carriers pinned by virtual threads that sent").isEmpty();
			assertThat(Files.size(dump)).isPositive();
		});
	}

	private static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
		// Java 21 API, called by reflection: the tests compile for Java 17.
		return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
	}

	static class SlowReceiver {

		final CountDownLatch open = new CountDownLatch(1);

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "work-in")
		void work(String message) throws InterruptedException {
			this.open.await();
			this.received.add(message);
		}

		@ZmqListener(endpoint = "echo-in")
		String echo(String ping) {
			return ping.replace("ping", "pong");
		}

	}

}
