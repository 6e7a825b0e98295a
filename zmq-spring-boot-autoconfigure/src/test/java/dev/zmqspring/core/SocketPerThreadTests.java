package dev.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code socket-per-thread}: threads that send on a connecting PUSH or PUB endpoint each
 * get a socket of their own, up to a cap; the endpoint still looks like one (one set of
 * counts, one entry), and no socket is ever used by two threads, including when threads
 * end and when the application stops while they send.
 */
@Timeout(60)
class SocketPerThreadTests {

	private static final AtomicInteger NAMES = new AtomicInteger();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void eightThreadsOverTcpEachKeepTheirOrderAndNothingIsLost() throws Exception {
		try (PullCollector pull = new PullCollector("tcp://127.0.0.1:*")) {
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=" + pull.address(),
						"zmq.endpoints.out.socket-per-thread=true")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					try (Senders senders = sendFrom(8, 2_000, template)) {
						await().atMost(Duration.ofSeconds(30)).until(() -> pull.received().size() == 8 * 2_000);
						assertEachThreadInOrder(pull.received(), 8, 2_000);
						assertThat(senders.withOwnSocket()).isEqualTo(8);
						EndpointSender sender = template.getSenderRegistry().sender("out");
						assertThat(sender.getThreadSockets()).isEqualTo(8);
						assertThat(sender.getStatistics().getSent()).isEqualTo(8 * 2_000);
						assertThat(sender.getStatistics().getSentBytes()).isEqualTo(bytesOf(8, 2_000));
					}
				});
		}
	}

	@Test
	void eightThreadsOverInprocEachKeepTheirOrderAndNothingIsLost() {
		String address = "inproc://per-thread-" + NAMES.incrementAndGet();
		this.runner.withUserConfiguration(Pulled.class)
			.withPropertyValues("zmq.endpoints.in.type=PULL", "zmq.endpoints.in.bind=" + address,
					"zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=" + address,
					"zmq.endpoints.out.socket-per-thread=true")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				Pulled pulled = context.getBean(Pulled.class);
				try (Senders senders = sendFrom(8, 2_000, template)) {
					await().atMost(Duration.ofSeconds(30)).until(() -> pulled.messages.size() == 8 * 2_000);
					assertEachThreadInOrder(List.copyOf(pulled.messages), 8, 2_000);
					assertThat(senders.withOwnSocket()).isEqualTo(8);
					assertThat(template.getSenderRegistry().sender("out").getThreadSockets()).isEqualTo(8);
				}
			});
	}

	@Test
	void threadsBeyondTheCapSendThroughTheEndpointsThreadInOrder() throws Exception {
		try (PullCollector pull = new PullCollector("tcp://127.0.0.1:*")) {
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=" + pull.address(),
						"zmq.endpoints.out.socket-per-thread=true", "zmq.endpoints.out.socket-per-thread-max=2")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					try (Senders senders = sendFrom(6, 1_000, template)) {
						await().atMost(Duration.ofSeconds(30)).until(() -> pull.received().size() == 6 * 1_000);
						assertEachThreadInOrder(pull.received(), 6, 1_000);
						assertThat(senders.withOwnSocket()).isEqualTo(2);
						EndpointSender sender = template.getSenderRegistry().sender("out");
						assertThat(sender.getThreadSockets()).isEqualTo(2);
						assertThat(sender.getStatistics().getSent()).isEqualTo(6 * 1_000);
					}
				});
		}
	}

	@Test
	void theSocketOfAThreadThatEndedIsClosedAndItsPlaceGoesToTheNextThread() throws Exception {
		try (PullCollector pull = new PullCollector("tcp://127.0.0.1:*")) {
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=" + pull.address(),
						"zmq.endpoints.out.socket-per-thread=true", "zmq.endpoints.out.socket-per-thread-max=2")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					EndpointSender sender = template.getSenderRegistry().sender("out");
					Senders firstSenders = sendFrom(2, 100, template);
					try (firstSenders) {
						assertThat(sender.getThreadSockets()).isEqualTo(2);
					}
					// The endpoint's thread looks for ended threads about once a second.
					await().atMost(Duration.ofSeconds(10)).until(() -> sender.getThreadSockets() == 0);
					// Their counts stay with the endpoint after their sockets closed.
					assertThat(sender.getStatistics().getSent()).isEqualTo(200);
					try (Senders senders = sendFrom(2, 100, template)) {
						assertThat(senders.withOwnSocket()).isEqualTo(2);
						assertThat(sender.getThreadSockets()).isEqualTo(2);
					}
					await().atMost(Duration.ofSeconds(30)).until(() -> pull.received().size() == 400);
					assertThat(sender.getStatistics().getSent()).isEqualTo(400);
				});
		}
	}

	@Test
	void aNewThreadAtTheCapTakesThePlaceOfOneThatEndedAtOnce() throws Exception {
		try (PullCollector pull = new PullCollector("tcp://127.0.0.1:*")) {
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=" + pull.address(),
						"zmq.endpoints.out.socket-per-thread=true", "zmq.endpoints.out.socket-per-thread-max=1")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					EndpointSender sender = template.getSenderRegistry().sender("out");
					for (int round = 0; round < 20; round++) {
						try (Senders senders = sendFrom(1, 10, template)) {
							assertThat(senders.withOwnSocket()).as("round " + round).isEqualTo(1);
							assertThat(sender.getThreadSockets()).isEqualTo(1);
						}
					}
					await().atMost(Duration.ofSeconds(30)).until(() -> pull.received().size() == 200);
				});
		}
	}

	@Test
	void aPublisherThreadCountsWhatItDropsAtTheHighWaterMark() {
		try (ZContext peer = new ZContext(); ZMQ.Socket sub = peer.createSocket(SocketType.SUB)) {
			sub.setRcvHWM(10);
			sub.subscribe(new byte[0]);
			sub.bind("tcp://127.0.0.1:*");
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUB", "zmq.endpoints.out.connect=" + sub.getLastEndpoint(),
						"zmq.endpoints.out.socket.send-high-water-mark=10", "zmq.endpoints.out.socket-per-thread=true")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					EndpointSender sender = template.getSenderRegistry().sender("out");
					// Publish until the subscriber surely gets messages (slow joiner),
					// then stop reading. On this thread:
					// its socket is the one whose subscriber must have joined.
					await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> {
						template.send("out", "hello".getBytes(StandardCharsets.UTF_8));
						return sub.recv(ZMQ.DONTWAIT) != null;
					});
					// Enough to fill the kernel's socket buffers too; a PUB never blocks,
					// so this ends quickly.
					byte[] flood = new byte[1024];
					int published = 0;
					while (sender.getStatistics().getDropped() == 0 && published < 1_000_000) {
						template.send("out", flood);
						published++;
					}
					assertThat(sender.getStatistics().getDropped()).isPositive();
					assertThat(sender.getStatistics().getSent() + sender.getStatistics().getDropped())
						.isGreaterThanOrEqualTo(published);
					assertThat(sender.getThreadSockets()).isEqualTo(1);
					assertThat(sender.getStatistics().getSendFailures()).isZero();
				});
		}
	}

	@Test
	void aThreadWhoseSocketHasNoRoomWaitsTheSendTimeoutAndFailsClearly() {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=PUSH",
					"zmq.endpoints.out.connect=inproc://nobody-" + NAMES.incrementAndGet(),
					"zmq.endpoints.out.socket-per-thread=true", "zmq.endpoints.out.socket.send-high-water-mark=1",
					"zmq.endpoints.out.socket.receive-high-water-mark=1", "zmq.endpoints.out.socket.send-timeout=200ms",
					"zmq.shutdown-timeout=1s")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				long started = System.nanoTime();
				ZmqSendException failure = null;
				for (int i = 0; i < 10 && failure == null; i++) {
					try {
						template.send("out", ("message " + i).getBytes(StandardCharsets.UTF_8));
					}
					catch (ZmqSendException ex) {
						failure = ex;
					}
				}
				assertThat(failure).isNotNull();
				assertThat(failure.getMessage()).contains("could not send for PT0.2S", "no peer is taking messages",
						"zmq.endpoints.out.socket.send-timeout");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
				EndpointSender sender = template.getSenderRegistry().sender("out");
				assertThat(sender.getStatistics().getSendFailures()).isEqualTo(1);
				assertThat(sender.getThreadSockets()).isEqualTo(1);
			});
	}

	@Test
	void stoppingWhileEightThreadsSendNeitherHangsNorLosesAMessageThatWasAccepted() throws Exception {
		try (PullCollector pull = new PullCollector("tcp://127.0.0.1:*")) {
			List<Throwable> unexpected = new CopyOnWriteArrayList<>();
			int[] accepted = new int[8];
			Thread[] threads = new Thread[8];
			AtomicBoolean started = new AtomicBoolean();
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=" + pull.address(),
						"zmq.endpoints.out.socket-per-thread=true", "zmq.endpoints.out.socket.linger=10s",
						"zmq.shutdown-timeout=5s")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					for (int t = 0; t < threads.length; t++) {
						int index = t;
						threads[t] = new Thread(() -> {
							for (int i = 0;; i++) {
								try {
									template.send("out", message(index, i));
									accepted[index] = i + 1;
								}
								catch (ZmqSendException ex) {
									return;
								}
								catch (Throwable ex) {
									unexpected.add(ex);
									return;
								}
							}
						}, "sender-" + t);
						threads[t].start();
					}
					// Every thread's connection is up (past JeroMQ's connect stall)
					// before the application stops.
					await().atMost(Duration.ofSeconds(30))
						.until(() -> byThread(pull.received()).size() == threads.length);
					started.set(true);
				});
			assertThat(started).isTrue();
			for (Thread thread : threads) {
				thread.join(10_000);
				assertThat(thread.isAlive()).as(thread.getName() + " still sending after the application stopped")
					.isFalse();
			}
			assertThat(unexpected).isEmpty();
			int total = 0;
			for (int count : accepted) {
				total += count;
			}
			int expected = total;
			await().atMost(Duration.ofSeconds(20)).until(() -> pull.received().size() >= expected);
			assertThat(pull.received()).hasSize(expected);
			Map<Integer, List<Integer>> byThread = byThread(pull.received());
			for (int t = 0; t < threads.length; t++) {
				assertThat(byThread.get(t)).as("thread " + t).hasSize(accepted[t]);
				assertInOrder(byThread.get(t), t);
			}
		}
	}

	@Test
	void aSendAfterTheApplicationStoppedFailsClearly() throws Exception {
		try (PullCollector pull = new PullCollector("tcp://127.0.0.1:*")) {
			ZmqTemplate[] kept = new ZmqTemplate[1];
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=" + pull.address(),
						"zmq.endpoints.out.socket-per-thread=true")
				.run(context -> {
					kept[0] = context.getBean(ZmqTemplate.class);
					kept[0].send("out", message(0, 0));
				});
			org.assertj.core.api.Assertions.assertThatExceptionOfType(ZmqSendException.class)
				.isThrownBy(() -> kept[0].send("out", message(0, 1)))
				.withMessageContaining("'out'");
		}
	}

	/**
	 * Starts threads that each send their messages in order, and waits until all have;
	 * the threads stay alive until the result is closed, so that their sockets stay open
	 * while the test looks at them.
	 */
	private static Senders sendFrom(int threadCount, int messages, ZmqTemplate template) throws InterruptedException {
		Senders senders = new Senders(threadCount);
		OneWaySender endpoint = (OneWaySender) template.getSenderRegistry().sender("out");
		for (int t = 0; t < threadCount; t++) {
			int index = t;
			senders.threads[t] = new Thread(() -> {
				try {
					for (int i = 0; i < messages; i++) {
						template.send("out", message(index, i));
					}
					senders.ownSocket[index] = endpoint.callerHasSocket();
				}
				catch (Throwable ex) {
					senders.failures.add(ex);
				}
				senders.sent.countDown();
				awaitQuietly(senders.end);
			}, "sender-" + t);
			senders.threads[t].start();
		}
		assertThat(senders.sent.await(30, TimeUnit.SECONDS)).as("all threads sent").isTrue();
		assertThat(senders.failures).isEmpty();
		return senders;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Sending threads that have sent and wait to end. */
	static final class Senders implements AutoCloseable {

		final Thread[] threads;

		final boolean[] ownSocket;

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		final CountDownLatch sent;

		final CountDownLatch end = new CountDownLatch(1);

		Senders(int count) {
			this.threads = new Thread[count];
			this.ownSocket = new boolean[count];
			this.sent = new CountDownLatch(count);
		}

		/** How many of the threads sent on a socket of their own. */
		int withOwnSocket() {
			int count = 0;
			for (boolean own : this.ownSocket) {
				count += own ? 1 : 0;
			}
			return count;
		}

		/** Lets the threads end and waits until they have. */
		@Override
		public void close() {
			this.end.countDown();
			try {
				for (Thread thread : this.threads) {
					thread.join(10_000);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the sending threads were ending", ex);
			}
		}

	}

	static byte[] message(int thread, int sequence) {
		return (thread + ":" + sequence).getBytes(StandardCharsets.UTF_8);
	}

	private static long bytesOf(int threads, int messages) {
		long bytes = 0;
		for (int t = 0; t < threads; t++) {
			for (int i = 0; i < messages; i++) {
				bytes += message(t, i).length;
			}
		}
		return bytes;
	}

	static Map<Integer, List<Integer>> byThread(List<String> received) {
		Map<Integer, List<Integer>> byThread = new TreeMap<>();
		for (String message : received) {
			int colon = message.indexOf(':');
			byThread.computeIfAbsent(Integer.parseInt(message.substring(0, colon)), key -> new ArrayList<>())
				.add(Integer.parseInt(message.substring(colon + 1)));
		}
		return byThread;
	}

	static void assertEachThreadInOrder(List<String> received, int threads, int messages) {
		Map<Integer, List<Integer>> byThread = byThread(received);
		assertThat(byThread).hasSize(threads);
		byThread.forEach((thread, sequence) -> {
			assertThat(sequence).as("thread " + thread).hasSize(messages);
			assertInOrder(sequence, thread);
		});
	}

	private static void assertInOrder(List<Integer> sequence, int thread) {
		for (int i = 0; i < sequence.size(); i++) {
			if (sequence.get(i) != i) {
				throw new AssertionError("thread " + thread + ": message " + i + " arrived as " + sequence.get(i));
			}
		}
	}

	/** A raw PULL socket that binds and collects what arrives, on a thread of its own. */
	static final class PullCollector implements AutoCloseable {

		private final ZContext context = new ZContext();

		private final List<String> received = Collections.synchronizedList(new ArrayList<>());

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		private volatile String address;

		PullCollector(String bind) throws InterruptedException {
			java.util.concurrent.CountDownLatch bound = new java.util.concurrent.CountDownLatch(1);
			this.thread = new Thread(() -> {
				ZMQ.Socket pull = this.context.createSocket(SocketType.PULL);
				pull.setReceiveTimeOut(50);
				pull.setRcvHWM(100_000);
				pull.bind(bind);
				this.address = pull.getLastEndpoint();
				bound.countDown();
				while (this.running.get()) {
					byte[] message = pull.recv(0);
					if (message != null) {
						this.received.add(new String(message, StandardCharsets.UTF_8));
					}
				}
				pull.close();
			}, "pull-collector");
			this.thread.start();
			bound.await();
		}

		String address() {
			return this.address;
		}

		/** A copy of what arrived so far. */
		List<String> received() {
			synchronized (this.received) {
				return new ArrayList<>(this.received);
			}
		}

		@Override
		public void close() {
			this.running.set(false);
			try {
				this.thread.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the collector's thread was ending", ex);
			}
			finally {
				this.context.close();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Pulled {

		final List<String> messages = Collections.synchronizedList(new ArrayList<>());

		@ZmqListener(endpoint = "in")
		void pull(byte[] message) {
			this.messages.add(new String(message, StandardCharsets.UTF_8));
		}

	}

}
