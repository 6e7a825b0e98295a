package dev.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.SocketPerThreadTests.PullCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Interrupted threads that send on sockets of their own ({@code socket-per-thread}).
 * JeroMQ turns a pending interrupt into a failed send (EINTR) and clears it, and an
 * interrupt inside JeroMQ's I/O must never reach the context: an interrupted thread must
 * still send, keep its interrupt, and leave its socket, the endpoint and the context's
 * shutdown working.
 */
@Timeout(60)
class InterruptedThreadSocketTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void anInterruptedThreadSendsOnItsOwnSocketKeepsItsInterruptAndOthersKeepSending() throws Exception {
		try (PullCollector pull = new PullCollector("tcp://127.0.0.1:*")) {
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=" + pull.address(),
						"zmq.endpoints.out.socket-per-thread=true")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					OneWaySender sender = (OneWaySender) template.getSenderRegistry().sender("out");
					AtomicBoolean hadOwnSocket = new AtomicBoolean();
					CompletableFuture<Boolean> interruptKept = CompletableFuture.supplyAsync(() -> {
						// Interrupted before its first send: its socket opens while the
						// interrupt is pending.
						Thread.currentThread().interrupt();
						for (int i = 0; i < 100; i++) {
							template.send("out", SocketPerThreadTests.message(0, i));
						}
						hadOwnSocket.set(sender.callerHasSocket());
						return Thread.interrupted();
					}, runnable -> new Thread(runnable, "interrupted-sender").start());
					assertThat(interruptKept.get(20, TimeUnit.SECONDS)).isTrue();
					assertThat(hadOwnSocket).isTrue();
					for (int i = 0; i < 100; i++) {
						template.send("out", SocketPerThreadTests.message(1, i));
					}
					assertThat(sender.callerHasSocket()).isTrue();
					await().atMost(Duration.ofSeconds(30)).until(() -> pull.received().size() == 200);
					SocketPerThreadTests.assertEachThreadInOrder(pull.received(), 2, 100);
				});
		}
	}

	@Test
	void interruptingSendingThreadsOverAndOverLosesNothingTheyWereToldWasSentAndStopsCleanly() throws Exception {
		try (PullCollector pull = new PullCollector("tcp://127.0.0.1:*")) {
			List<List<Integer>> accepted = new ArrayList<>();
			List<Throwable> unexpected = new CopyOnWriteArrayList<>();
			long[] closeStarted = new long[1];
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=" + pull.address(),
						"zmq.endpoints.out.socket-per-thread=true")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					Thread[] threads = new Thread[4];
					for (int t = 0; t < threads.length; t++) {
						int index = t;
						List<Integer> mine = new ArrayList<>();
						accepted.add(mine);
						threads[t] = new Thread(() -> {
							for (int i = 0; i < 3_000; i++) {
								try {
									template.send("out", SocketPerThreadTests.message(index, i));
									mine.add(i);
								}
								catch (ZmqSendException ex) {
									// Allowed only when the socket was full: the caller
									// is told, nothing was sent.
									if (!ex.getMessage().startsWith("Interrupted while waiting to send")) {
										unexpected.add(ex);
									}
								}
								catch (Throwable ex) {
									unexpected.add(ex);
								}
								Thread.interrupted();
							}
						}, "sender-" + t);
						threads[t].start();
					}
					// Interrupt the senders over and over while they send.
					while (isAnyAlive(threads)) {
						for (Thread thread : threads) {
							thread.interrupt();
						}
						Thread.yield();
					}
					int total = accepted.stream().mapToInt(List::size).sum();
					await().atMost(Duration.ofSeconds(30)).until(() -> pull.received().size() >= total);
					// The sockets still work once the interrupts stop.
					template.send("out", SocketPerThreadTests.message(9, 0));
					await().atMost(Duration.ofSeconds(30)).until(() -> pull.received().size() == total + 1);
					closeStarted[0] = System.nanoTime();
				});
			assertThat(Duration.ofNanos(System.nanoTime() - closeStarted[0])).isLessThan(Duration.ofSeconds(10));
			assertThat(unexpected).isEmpty();
			Map<Integer, List<Integer>> byThread = SocketPerThreadTests.byThread(pull.received());
			for (int t = 0; t < accepted.size(); t++) {
				assertThat(byThread.get(t)).as("thread " + t).isEqualTo(accepted.get(t));
			}
		}
	}

	@Test
	void aThreadInterruptedWhileItWaitsForRoomFailsAtOnceKeepsItsInterruptAndTheContextCloses() {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicBoolean interruptKept = new AtomicBoolean();
		long[] closeStarted = new long[1];
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=inproc://nobody-here",
					"zmq.endpoints.out.socket-per-thread=true", "zmq.endpoints.out.socket.send-high-water-mark=1",
					"zmq.endpoints.out.socket.receive-high-water-mark=1", "zmq.endpoints.out.socket.send-timeout=30s",
					"zmq.shutdown-timeout=2s")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				Thread sender = new Thread(() -> {
					try {
						// No peer: the socket's queue fills after a message or two and
						// the next send waits for room.
						for (int i = 0; i < 10; i++) {
							template.send("out", ("message " + i).getBytes(StandardCharsets.UTF_8));
						}
					}
					catch (Throwable ex) {
						failure.set(ex);
						interruptKept.set(Thread.currentThread().isInterrupted());
					}
				}, "waiting-sender");
				sender.start();
				EndpointSender endpoint = template.getSenderRegistry().sender("out");
				await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.getStatistics().getSent() >= 1);
				long interrupted = System.nanoTime();
				sender.interrupt();
				sender.join(10_000);
				assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(10));
				assertThat(failure.get()).isInstanceOf(ZmqSendException.class)
					.hasMessageContaining("Interrupted while waiting to send on endpoint 'out'");
				assertThat(interruptKept).isTrue();
				closeStarted[0] = System.nanoTime();
			});
		// Closing the context waits for the linger of the unsent message (1 s) and never
		// hangs.
		assertThat(Duration.ofNanos(System.nanoTime() - closeStarted[0])).isLessThan(Duration.ofSeconds(10));
	}

	private static boolean isAnyAlive(Thread[] threads) {
		for (Thread thread : threads) {
			if (thread.isAlive()) {
				return true;
			}
		}
		return false;
	}

}
