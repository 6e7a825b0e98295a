package dev.zmqspring.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.metrics.ZmqMetricsAutoConfiguration;
import dev.zmqspring.support.ErrorReply;
import dev.zmqspring.support.ZmqMessage;
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
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An endpoint holds at most its {@code receive-buffer-budget} in received frames larger
 * than 1 KiB for a listener that has not taken them yet. When it is full, the endpoint
 * stops reading from its peers, whose sends back up until the listener catches up:
 * nothing is lost. Where it cannot stop reading (a {@code ZContext} of the application's
 * own), what does not fit is read past and refused whole: the listener never sees a part
 * of a message, every refusal is counted as an error of the endpoint, a REP client gets
 * an OVERLOADED error reply, and the endpoint takes large messages again as soon as the
 * listener catches up. The listeners here block on a gate while a peer sends, so that
 * messages queue up.
 */
@Timeout(90)
class ReceiveBufferBudgetTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final int SIZE = 200 * 1024;

	private static final int MESSAGES = 30;

	/**
	 * More messages than the budget, the peer's queue and TCP's buffers hold together.
	 */
	private static final int FLOOD = 2000;

	/** Five messages of {@link #SIZE} fit, a sixth does not. */
	private static final String BUDGET = "1MB";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class,
				ZmqMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withUserConfiguration(GatedListeners.class)
		.withPropertyValues("zmq.socket.max-message-size=256KB", "zmq.socket.receive-buffer-budget=" + BUDGET,
				"zmq.endpoints.sink.type=PULL", "zmq.endpoints.sink.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.feed.type=SUB", "zmq.endpoints.feed.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.service.type=REP", "zmq.endpoints.service.bind=tcp://127.0.0.1:*");

	/**
	 * The same, on a {@code ZContext} of the application's own, whose threads the starter
	 * did not create: the endpoint cannot stop reading, and refuses what does not fit.
	 */
	private final ApplicationContextRunner refusing = this.runner.withBean(ZContext.class, ZContext::new);

	@Test
	void aFullBudgetStopsReadingUntilTheListenerCatchesUpAndLosesNothing() {
		// A pause ends at half the heartbeat timeout: well after this test.
		this.runner.withPropertyValues("zmq.socket.heartbeat-timeout=60s").run(context -> {
			GatedListeners listeners = context.getBean(GatedListeners.class);
			MalformedFrameGuard guard = context.getBean(MalformedFrameGuard.class);
			try (ZContext peer = new ZContext()) {
				ZMQ.Socket push = peer.createSocket(SocketType.PUSH);
				push.setHandshakeIvl(1000);
				push.setSndHWM(10);
				push.connect(address(context, "sink"));
				awaitFirstMessage(listeners, () -> push.send("hello", ZMQ.DONTWAIT));
				// The listener waits at its gate. The peer sends what it can until its
				// sends have failed for a second: once the endpoint stops reading, the
				// peer's queue fills and stays full. An endpoint that read on would take
				// all of them.
				AtomicInteger sent = new AtomicInteger();
				await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).during(Duration.ofSeconds(1)).until(() -> {
					int before = sent.get();
					while (sent.get() < FLOOD && push.send(numbered(sent.get()), ZMQ.DONTWAIT)) {
						sent.incrementAndGet();
					}
					return sent.get() == before;
				});
				assertThat(sent.get()).as("messages the peer could send while the listener waited").isLessThan(FLOOD);
				assertThat(guard.getBudgetPauses()).isPositive();
				assertThat(
						context.getBean(MeterRegistry.class).get("zmq.receive.budget.pauses").functionCounter().count())
					.isPositive();
				listeners.gate.countDown();
				await().atMost(WAIT).until(() -> listeners.intact.size() == sent.get());
				assertThat(listeners.intact).isSorted();
				assertThat(listeners.broken).isEmpty();
				assertThat(guard.getOverBudgetFrames()).isZero();
				assertThat(statistics(context, "sink").getErrors()).isZero();
			}
		});
	}

	@Test
	void withoutPausingMessagesBeyondTheBudgetAreRefusedWholeAndCounted() {
		this.refusing.run(context -> {
			GatedListeners listeners = context.getBean(GatedListeners.class);
			try (ZContext peer = new ZContext()) {
				ZMQ.Socket push = sendWhileTheListenerWaits(peer, address(context, "sink"), listeners);
				EndpointStatistics statistics = statistics(context, "sink");
				assertFiveKeptAndTheRestRefused(context.getBean(MalformedFrameGuard.class), listeners, statistics);
				assertThat(statistics.getLastError()).contains("receive-buffer-budget");
				assertThat(context.getBean(MeterRegistry.class)
					.get("zmq.frames.refused")
					.tag("reason", "over-budget")
					.functionCounter()
					.count()).isEqualTo(MESSAGES - 5);
				// Taken messages gave their share back: large messages fit again.
				assertThat(push.send(numbered(MESSAGES), 0)).isTrue();
				await().atMost(WAIT).until(() -> listeners.intact.contains(MESSAGES));
			}
		});
	}

	@Test
	void aRefusedFrameNeverLeavesAPartOfItsMessage() {
		this.refusing.run(context -> {
			GatedListeners listeners = context.getBean(GatedListeners.class);
			try (ZContext peer = new ZContext()) {
				ZMQ.Socket pub = peer.createSocket(SocketType.PUB);
				pub.setHandshakeIvl(1000);
				pub.connect(address(context, "feed"));
				// [topic][payload]: the small topic frame always fits, the payload may
				// not.
				awaitFirstMessage(listeners, () -> pub.sendMore("news") && pub.send("hello"));
				for (int i = 0; i < MESSAGES; i++) {
					pub.sendMore("news");
					pub.send(numbered(i), 0);
				}
				assertFiveKeptAndTheRestRefused(context.getBean(MalformedFrameGuard.class), listeners,
						statistics(context, "feed"));
			}
		});
	}

	@Test
	void aRefusedRequestIsAnsweredWithOverloaded() {
		this.refusing.run(context -> {
			GatedListeners listeners = context.getBean(GatedListeners.class);
			try (ZContext peer = new ZContext()) {
				String address = address(context, "service");
				// A DEALER, which may send again while the first try stalls: with the
				// empty delimiter a REQ would add.
				ZMQ.Socket first = peer.createSocket(SocketType.DEALER);
				first.setHandshakeIvl(1000);
				first.setReceiveTimeOut((int) WAIT.toMillis());
				first.connect(address);
				awaitFirstMessage(listeners, () -> first.sendMore("") && first.send("hello", ZMQ.DONTWAIT));
				// The REP listener now waits at its gate; these requests queue up.
				List<ZMQ.Socket> clients = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					ZMQ.Socket client = requester(peer, address);
					client.send(numbered(i), 0);
					clients.add(client);
				}
				EndpointStatistics statistics = statistics(context, "service");
				MalformedFrameGuard guard = context.getBean(MalformedFrameGuard.class);
				await().atMost(WAIT).until(() -> guard.getOverBudgetFrames() == 5);
				listeners.gate.countDown();
				assertThat(first.recvStr()).isEmpty();
				assertThat(first.recvStr()).isEqualTo("ok");
				int overloaded = 0;
				for (ZMQ.Socket client : clients) {
					byte[] reply = client.recv(0);
					assertThat(reply).as("every client gets a reply").isNotNull();
					if (ErrorReply.isErrorReply(reply)) {
						assertThat(ErrorReply.code(reply)).isEqualTo(ErrorReply.OVERLOADED);
						overloaded++;
					}
					else {
						assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("ok");
					}
				}
				assertThat(overloaded).isEqualTo(5);
				assertThat(statistics.getErrors()).isEqualTo(5);
				assertThat(listeners.broken).isEmpty();
			}
		});
	}

	@Test
	void aFrameLeftBehindByAPeerThatWentAwayIsGivenBackOnceCollected() {
		// The budget holds exactly one message of the largest size.
		this.runner.withPropertyValues("zmq.socket.receive-buffer-budget=256KB").run(context -> {
			GatedListeners listeners = context.getBean(GatedListeners.class);
			listeners.gate.countDown();
			String address = address(context, "sink");
			int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
			// A peer announces a frame of the largest size, sends part of it and goes
			// away: JeroMQ drops the frame without handing it over.
			Socket socket = new Socket("127.0.0.1", port);
			try (ZContext peer = new ZContext()) {
				socket.setSoTimeout((int) WAIT.toMillis());
				new ZmtpWriter(socket.getOutputStream()).handshake(socket.getInputStream(), "PUSH");
				OutputStream out = socket.getOutputStream();
				out.write(ZmtpWriter.longHeader(ZmtpWriter.LONG, 256 * 1024));
				out.write(new byte[4096]);
				out.flush();
				MalformedFrameGuard guard = context.getBean(MalformedFrameGuard.class);
				ZMQ.Socket push = peer.createSocket(SocketType.PUSH);
				push.setHandshakeIvl(1000);
				push.connect(address);
				// While the half-read frame holds the budget, a good large message is
				// refused.
				await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
					push.send(numbered(1), ZMQ.DONTWAIT);
					return guard.getOverBudgetFrames() > 0;
				});
				closeQuietly(socket);
				await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
					System.gc();
					push.send(numbered(2), ZMQ.DONTWAIT);
					return listeners.intact.contains(2);
				});
			}
			finally {
				closeQuietly(socket);
			}
			assertThat(listeners.broken).isEmpty();
		});
	}

	@Test
	void budgetSmallerThanTheMaximumMessageSizeFailsStartupNamingTheFix() {
		this.runner.withPropertyValues("zmq.endpoints.sink.socket.receive-buffer-budget=128KB")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("zmq.endpoints.sink.socket.receive-buffer-budget (131072 bytes)")
				.hasMessageContaining("raise receive-buffer-budget to at least max-message-size"));
	}

	@Test
	void negativeBudgetFailsStartup() {
		this.runner.withPropertyValues("zmq.socket.receive-buffer-budget=-1MB")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("zmq.socket.receive-buffer-budget must not be negative"));
	}

	@Test
	void zeroMeansNoBudget() {
		this.runner.withPropertyValues("zmq.socket.receive-buffer-budget=0").run(context -> {
			GatedListeners listeners = context.getBean(GatedListeners.class);
			try (ZContext peer = new ZContext()) {
				ZMQ.Socket push = sendWhileTheListenerWaits(peer, address(context, "sink"), listeners);
				listeners.gate.countDown();
				await().atMost(WAIT).until(() -> listeners.intact.size() == MESSAGES);
				assertThat(statistics(context, "sink").getErrors()).isZero();
				assertThat(context.getBean(MalformedFrameGuard.class).getOverBudgetFrames()).isZero();
			}
		});
	}

	/**
	 * While the listener waits at its gate, five messages fit the budget and the others
	 * are read past and refused as they arrive; once the gate opens, the listener gets
	 * the five whole, and each of the others is counted as an error.
	 */
	private static void assertFiveKeptAndTheRestRefused(MalformedFrameGuard guard, GatedListeners listeners,
			EndpointStatistics statistics) {
		await().atMost(WAIT).until(() -> guard.getOverBudgetFrames() == MESSAGES - 5);
		listeners.gate.countDown();
		await().atMost(WAIT).until(() -> listeners.intact.size() + statistics.getErrors() == MESSAGES);
		assertThat(listeners.broken).isEmpty();
		assertThat(listeners.intact).containsExactly(0, 1, 2, 3, 4);
	}

	/**
	 * Connects a PUSH peer, waits until the listener has its first message and waits at
	 * its gate, then sends {@link #MESSAGES} numbered messages.
	 */
	private static ZMQ.Socket sendWhileTheListenerWaits(ZContext peer, String address, GatedListeners listeners) {
		ZMQ.Socket push = peer.createSocket(SocketType.PUSH);
		push.setHandshakeIvl(1000);
		push.setSendTimeOut(5000);
		push.connect(address);
		awaitFirstMessage(listeners, () -> push.send("hello", ZMQ.DONTWAIT));
		for (int i = 0; i < MESSAGES; i++) {
			assertThat(push.send(numbered(i), 0)).isTrue();
		}
		return push;
	}

	/**
	 * Sends a small message until the listener has it; the listener then waits at its
	 * gate (JeroMQ 0.6.0 stalls some fresh connections until their handshake timer fires,
	 * so one send is not enough).
	 */
	private static void awaitFirstMessage(GatedListeners listeners, java.util.function.BooleanSupplier send) {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
			send.getAsBoolean();
			return listeners.greeted.await(0, TimeUnit.MILLISECONDS);
		});
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed by the endpoint first
		}
	}

	private static ZMQ.Socket requester(ZContext context, String address) {
		ZMQ.Socket req = context.createSocket(SocketType.REQ);
		req.setHandshakeIvl(1000);
		req.setReceiveTimeOut((int) WAIT.toMillis());
		req.connect(address);
		return req;
	}

	/** A message of {@link #SIZE} bytes: its number, then that number in every byte. */
	static byte[] numbered(int number) {
		byte[] payload = new byte[SIZE];
		java.util.Arrays.fill(payload, (byte) number);
		ByteBuffer.wrap(payload).putInt(number);
		return payload;
	}

	/** The number of an intact message, or -1. */
	static int numberOf(byte[] payload) {
		if (payload.length != SIZE) {
			return -1;
		}
		int number = ByteBuffer.wrap(payload).getInt();
		for (int i = Integer.BYTES; i < payload.length; i++) {
			if (payload[i] != (byte) number) {
				return -1;
			}
		}
		return number;
	}

	private static String address(AssertableApplicationContext context, String id) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer(id).getAddresses().get(0);
	}

	private static EndpointStatistics statistics(AssertableApplicationContext context, String id) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer(id).getStatistics();
	}

	@Configuration(proxyBeanMethods = false)
	static class GatedListeners {

		final CountDownLatch greeted = new CountDownLatch(1);

		final CountDownLatch gate = new CountDownLatch(1);

		final List<Integer> intact = new CopyOnWriteArrayList<>();

		final List<String> broken = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "sink", endpoint = "sink")
		void sink(byte[] payload) throws InterruptedException {
			take(payload);
		}

		@ZmqListener(id = "feed", endpoint = "feed")
		void feed(ZmqMessage message) throws InterruptedException {
			if (!"news".equals(message.getTopic()) || message.getFrames().size() != 2) {
				this.broken.add("frames " + message.getFrames().size() + ", topic " + message.getTopic());
				return;
			}
			take(message.getPayload());
		}

		@ZmqListener(id = "service", endpoint = "service")
		String service(byte[] payload) throws InterruptedException {
			take(payload);
			return "ok";
		}

		private void take(byte[] payload) throws InterruptedException {
			if (payload.length == 5) {
				// "hello": the peer is connected; hold the next messages at the gate.
				this.greeted.countDown();
				this.gate.await(WAIT.toSeconds() * 3, TimeUnit.SECONDS);
				return;
			}
			int number = numberOf(payload);
			if (number < 0) {
				this.broken.add("payload of " + payload.length + " bytes");
			}
			else {
				this.intact.add(number);
			}
		}

	}

}
