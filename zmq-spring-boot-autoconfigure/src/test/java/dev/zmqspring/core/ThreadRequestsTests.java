package dev.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.testsupport.ConfinementCheckingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Synchronous requests on sockets confined to their calling threads (the default for a
 * connecting REQ or DEALER endpoint): each of up to {@code socket-per-thread-max} threads
 * sends and waits on a socket of its own, no socket is ever touched by two threads (a
 * context that checks every socket call says so), the Lazy Pirate's retry goes out on a
 * fresh socket, the sockets of ended threads are closed, and stopping the application
 * while callers wait ends their wait and closes everything in time.
 */
@Timeout(60)
class ThreadRequestsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void manyThreadsThatTimeOutEndAndStopTouchNoSocketFromAnotherThread() throws Exception {
		ConfinementCheckingContext zmq = new ConfinementCheckingContext();
		try (EchoRouter server = new EchoRouter(); zmq) {
			ConfigurableApplicationContext[] application = new ConfigurableApplicationContext[1];
			this.runner.withBean(ConfinementCheckingContext.class, () -> zmq)
				.withPropertyValues("zmq.endpoints.rpc.type=REQ", "zmq.endpoints.rpc.connect=" + server.address(),
						"zmq.endpoints.rpc.request-retries=1", "zmq.endpoints.rpc.socket-per-thread-max=6",
						"zmq.shutdown-timeout=2s")
				.run(context -> {
					application[0] = context.getSourceApplicationContext();
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					EndpointSender sender = template.getSenderRegistry().sender("rpc");
					Queue<String> wrong = new ConcurrentLinkedQueue<>();
					AtomicInteger answered = new AtomicInteger();
					AtomicInteger timedOut = new AtomicInteger();
					// Twelve threads, six with a socket of their own; every tenth request
					// is never answered (a timeout, a fresh socket, a retry that is
					// dropped too), and each thread ends after its share.
					List<Thread> callers = new ArrayList<>();
					for (int t = 0; t < 12; t++) {
						int caller = t;
						Thread thread = new Thread(() -> {
							for (int i = 0; i < 60; i++) {
								boolean drop = i % 10 == 9;
								String request = (drop ? "drop-" : "echo-") + caller + "-" + i;
								try {
									// Only the requests that are never answered wait
									// briefly.
									String reply = template.request("rpc", request, String.class,
											drop ? Duration.ofMillis(300) : null);
									if (!request.equals(reply)) {
										wrong.add(request + " got " + reply);
									}
									answered.incrementAndGet();
								}
								catch (ZmqRequestTimeoutException ex) {
									timedOut.incrementAndGet();
								}
							}
						}, "caller-" + t);
						callers.add(thread);
						thread.start();
					}
					for (Thread thread : callers) {
						thread.join(TimeUnit.SECONDS.toMillis(40));
						assertThat(thread.isAlive()).isFalse();
					}
					assertThat(wrong).isEmpty();
					assertThat(answered).hasValue(12 * 54);
					assertThat(timedOut).hasValue(12 * 6);
					assertThat(sender.getStatistics().getTimeouts()).isEqualTo(12 * 6 * 2);
					// The sockets of the ended threads are closed by the endpoint's
					// thread.
					await().atMost(Duration.ofSeconds(10)).until(() -> sender.getThreadSockets() == 0);

					// Callers that wait when the application stops.
					CountDownLatch waiting = new CountDownLatch(3);
					Queue<Throwable> ends = new ConcurrentLinkedQueue<>();
					List<Thread> last = new ArrayList<>();
					for (int t = 0; t < 3; t++) {
						Thread thread = new Thread(() -> {
							try {
								template.request("rpc", "echo-warm", String.class);
								waiting.countDown();
								template.request("rpc", "drop-at-stop", String.class, Duration.ofSeconds(30));
							}
							catch (RuntimeException ex) {
								ends.add(ex);
							}
						}, "last-caller-" + t);
						last.add(thread);
						thread.start();
					}
					assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
					await().atMost(Duration.ofSeconds(10)).until(() -> server.dropped("drop-at-stop") == 3);
					long stopping = System.nanoTime();
					application[0].close();
					assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(6));
					for (Thread thread : last) {
						thread.join(TimeUnit.SECONDS.toMillis(10));
						assertThat(thread.isAlive()).isFalse();
					}
					assertThat(ends).hasSize(3)
						.allSatisfy(end -> assertThat(end).isInstanceOf(ZmqSendException.class)
							.hasMessageContaining("stopped before the reply arrived"));
				});
			assertThat(zmq.created()).as("sockets created").isGreaterThan(12);
			assertThat(zmq.breaches()).isEmpty();
		}
	}

	@Test
	void theContextThatChecksConfinementCatchesASocketUsedByAnotherThread() throws Exception {
		try (ConfinementCheckingContext zmq = new ConfinementCheckingContext()) {
			ZMQ.Socket push = zmq.createSocket(SocketType.PUSH);
			push.bind("inproc://confinement-check");
			Thread other = new Thread(
					() -> push.send("from another thread".getBytes(StandardCharsets.UTF_8), ZMQ.DONTWAIT));
			other.start();
			other.join(5000);
			push.close();
			assertThat(zmq.breaches()).singleElement()
				.asString()
				.contains("send on a PUSH socket of thread '" + Thread.currentThread().getName());
		}
	}

	@Test
	void aRetryGoesOutOnAFreshSocketAndTheLateReplyToTheFirstTryReachesNoCall() throws Exception {
		try (EchoRouter server = new EchoRouter()) {
			this.runner
				.withPropertyValues("zmq.endpoints.rpc.type=REQ", "zmq.endpoints.rpc.connect=" + server.address(),
						"zmq.endpoints.rpc.request-timeout=500ms", "zmq.endpoints.rpc.request-retries=1")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					EndpointSender sender = template.getSenderRegistry().sender("rpc");
					assertThat(template.request("rpc", "echo-first", String.class)).isEqualTo("echo-first");
					// The first try is held and answered only after the second; the
					// second try comes from another connection: a fresh socket.
					server.holdFirstOf("late-");
					assertThat(template.request("rpc", "late-1", String.class)).isEqualTo("late-1");
					assertThat(server.peersThatSent("late-1")).hasSize(2);
					assertThat(template.request("rpc", "echo-next", String.class)).isEqualTo("echo-next");
					assertThat(sender.getStatistics().getTimeouts()).isEqualTo(1);
					assertThat(sender.getThreadSockets()).isEqualTo(1);
				});
		}
	}

	@Test
	void aThreadBeyondTheCapAndAnAsynchronousRequestGoThroughTheEndpointsThread() throws Exception {
		try (EchoRouter server = new EchoRouter()) {
			this.runner
				.withPropertyValues("zmq.endpoints.rpc.type=DEALER", "zmq.endpoints.rpc.connect=" + server.address(),
						"zmq.endpoints.rpc.socket-per-thread-max=1")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					EndpointSender sender = template.getSenderRegistry().sender("rpc");
					assertThat(template.request("rpc", "echo-main", String.class)).isEqualTo("echo-main");
					AtomicBoolean answered = new AtomicBoolean();
					Thread second = new Thread(() -> answered
						.set("echo-second".equals(template.request("rpc", "echo-second", String.class))));
					second.start();
					second.join(10_000);
					assertThat(answered).isTrue();
					assertThat(template.requestAsync("rpc", "echo-async", String.class, null).get(10, TimeUnit.SECONDS))
						.isEqualTo("echo-async");
					assertThat(sender.getThreadSockets()).isEqualTo(1);
					// Three requests, from two peers: the calling thread's own socket and
					// the endpoint's.
					assertThat(server.peers()).hasSize(2);
				});
		}
	}

	/**
	 * A ROUTER that echoes each request's frames back, on its own thread: a request whose
	 * body starts with {@code drop-} is never answered; the first request that starts
	 * with a held prefix is answered only after the next one.
	 */
	static final class EchoRouter implements AutoCloseable {

		private final ZContext context = new ZContext(1);

		private final Thread thread;

		private final CountDownLatch bound = new CountDownLatch(1);

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Set<String> peers = ConcurrentHashMap.newKeySet();

		private final Queue<String> dropped = new ConcurrentLinkedQueue<>();

		private final Queue<String> senders = new ConcurrentLinkedQueue<>();

		private volatile String held;

		private volatile String address;

		EchoRouter() throws InterruptedException {
			this.thread = new Thread(this::serve, "echo-router");
			this.thread.setDaemon(true);
			this.thread.start();
			assertThat(this.bound.await(10, TimeUnit.SECONDS)).isTrue();
		}

		String address() {
			return this.address;
		}

		Set<String> peers() {
			return this.peers;
		}

		long dropped(String body) {
			return this.dropped.stream().filter(body::equals).count();
		}

		/** The distinct peers that sent a request with this body. */
		Set<String> peersThatSent(String body) {
			Set<String> result = ConcurrentHashMap.newKeySet();
			for (String entry : this.senders) {
				int bar = entry.indexOf('|');
				if (entry.substring(bar + 1).equals(body)) {
					result.add(entry.substring(0, bar));
				}
			}
			return result;
		}

		void holdFirstOf(String prefix) {
			this.held = prefix;
		}

		private void serve() {
			ZMQ.Socket router = this.context.createSocket(SocketType.ROUTER);
			router.setReceiveTimeOut(50);
			int port = router.bindToRandomPort("tcp://127.0.0.1");
			this.address = "tcp://127.0.0.1:" + port;
			this.bound.countDown();
			List<byte[]> waiting = null;
			try {
				while (this.running.get()) {
					byte[] first = router.recv(0);
					if (first == null) {
						continue;
					}
					List<byte[]> frames = new ArrayList<>();
					frames.add(first);
					while (router.hasReceiveMore()) {
						frames.add(router.recv(0));
					}
					String peer = java.util.HexFormat.of().formatHex(first);
					String body = new String(frames.get(frames.size() - 1), StandardCharsets.UTF_8);
					this.peers.add(peer);
					this.senders.add(peer + "|" + body);
					if (body.startsWith("drop-")) {
						this.dropped.add(body);
						continue;
					}
					String prefix = this.held;
					if (prefix != null && body.startsWith(prefix) && waiting == null) {
						waiting = frames;
						continue;
					}
					send(router, frames);
					if (waiting != null) {
						send(router, waiting);
						waiting = null;
						this.held = null;
					}
				}
			}
			finally {
				router.close();
			}
		}

		private static void send(ZMQ.Socket router, List<byte[]> frames) {
			for (int i = 0; i < frames.size(); i++) {
				router.send(frames.get(i), (i < frames.size() - 1) ? ZMQ.SNDMORE : 0);
			}
		}

		@Override
		public void close() {
			this.running.set(false);
			try {
				this.thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.context.close();
		}

	}

}
