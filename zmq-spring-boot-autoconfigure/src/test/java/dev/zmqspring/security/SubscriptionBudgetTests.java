package dev.zmqspring.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ConnectionRejections.Reason;
import dev.zmqspring.core.ZmqTemplate;
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
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JeroMQ keeps every distinct subscription of a PUB endpoint's peers in a trie of about
 * one object per byte, for as long as the peer stays connected: the subscriptions of all
 * peers together may take at most {@code subscription-budget} of the heap, at their cost
 * in the trie and in the starter's own records (a topic of 100 bytes that no peer held
 * yet: 1024 + 64 * 100 + 96 = 7520 bytes; one more peer holding it: 96; a peer that
 * subscribed: 512). The peer whose subscription would go over it is dropped with all its
 * subscriptions, counted and reported, and the endpoint goes on serving its other
 * subscribers.
 */
@Timeout(60)
class SubscriptionBudgetTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	/**
	 * Room for one peer's eight distinct topics of 100 bytes (60,672 bytes), not nine.
	 */
	private static final String BUDGET = "64KB";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class,
				ZmqMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withPropertyValues("zmq.endpoints.news.type=PUB", "zmq.endpoints.news.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.news.socket.subscription-budget=" + BUDGET);

	@Test
	void aPeerIsDroppedAtTheSubscriptionBeyondTheBudgetAndItsShareComesBack() {
		this.runner.run(context -> {
			for (int attacker = 1; attacker <= 2; attacker++) {
				try (Socket raw = subscriber(context)) {
					OutputStream out = raw.getOutputStream();
					for (int i = 1; i <= 8; i++) {
						out.write(subscribe(topic(attacker + "-" + i)));
					}
					out.flush();
					// Eight are held: what is published to the eighth reaches the peer
					// (and the second peer only if the first one's share came back).
					awaitPublished(context, raw, topic(attacker + "-8"));
					out.write(subscribe(topic(attacker + "-9")));
					out.flush();
					RawSockets.awaitClosedByPeer(raw.getInputStream());
				}
				assertCountedAndReported(context, attacker);
			}
			assertSubscribersAreServed(context, 1, topic("after"));
		});
	}

	/**
	 * A dropped peer's subscriptions count until JeroMQ has taken them out of its trie,
	 * on the socket's own thread: a publisher that publishes nothing must still get
	 * there, or its budget would stay spent on peers long gone.
	 */
	@Test
	void aPublisherThatPublishesNothingStillGetsADroppedPeersShareBack() {
		this.runner.run(context -> {
			try (Socket raw = subscriber(context)) {
				OutputStream out = raw.getOutputStream();
				for (int i = 1; i <= 8; i++) {
					out.write(subscribe(topic("first-" + i)));
				}
				out.flush();
				awaitPublished(context, raw, topic("first-8"));
				out.write(subscribe(topic("first-9")));
				out.flush();
				RawSockets.awaitClosedByPeer(raw.getInputStream());
			}
			// From here on nothing is published until a later peer holds its eight
			// topics.
			int refusedLater = 0;
			while (!holdsEightTopics(context)) {
				refusedLater++;
				assertThat(refusedLater).as("later peers refused while the endpoint published nothing").isLessThan(10);
			}
			assertThat(context.getBean(MalformedFrameGuard.class).getRefusedSubscriptions())
				.isEqualTo(1 + refusedLater);
		});
	}

	/**
	 * A new peer subscribes to eight topics, all the budget has room for: whether it was
	 * not dropped for them (what is then published to the eighth reaches it).
	 */
	private static boolean holdsEightTopics(AssertableApplicationContext context) throws IOException {
		try (Socket raw = subscriber(context)) {
			OutputStream out = raw.getOutputStream();
			for (int i = 1; i <= 8; i++) {
				out.write(subscribe(topic("later-" + i)));
			}
			out.flush();
			raw.setSoTimeout(1000);
			try {
				if (raw.getInputStream().read() < 0) {
					return false;
				}
			}
			catch (SocketTimeoutException ex) {
				// Still connected: its topics are held.
			}
			catch (IOException ex) {
				return false;
			}
			awaitPublished(context, raw, topic("later-8"));
			return true;
		}
	}

	@Test
	void duplicatesAndWithdrawnSubscriptionsCostNothingButWithdrawingWhatWasNeverHeldFreesNothing() {
		this.runner.run(context -> {
			try (Socket raw = subscriber(context)) {
				OutputStream out = raw.getOutputStream();
				// Counted as more peers holding it, they would fill the budget.
				for (int i = 0; i < 200; i++) {
					out.write(subscribe(topic("1")));
				}
				for (int i = 0; i < 50; i++) {
					out.write(subscribe(topic("withdrawn-" + i)));
					out.write(unsubscribe(topic("withdrawn-" + i)));
				}
				for (int i = 2; i <= 8; i++) {
					out.write(subscribe(topic(Integer.toString(i))));
				}
				out.write(unsubscribe(topic("never-held")));
				out.flush();
				awaitPublished(context, raw, topic("8"));
				out.write(subscribe(topic("9")));
				out.flush();
				RawSockets.awaitClosedByPeer(raw.getInputStream());
			}
			assertCountedAndReported(context, 1);
		});
	}

	@Test
	void subscribersOfTheSameTopicShareItsCost() {
		// One topic of 100 bytes held by 20 peers: 7520 + 19 * 96 + 20 * 512 = 19,584
		// bytes, in a budget that each of them holding it on its own (20 * 8032) would
		// overflow eight times.
		this.runner.withPropertyValues("zmq.endpoints.news.socket.subscription-budget=24KB").run(context -> {
			assertSubscribersAreServed(context, 20, topic("shared"));
			assertThat(context.getBean(ConnectionRejections.class).getRejected("news", Reason.SUBSCRIPTION_BUDGET))
				.isZero();
		});
	}

	@Test
	void zeroMeansNoBudget() {
		this.runner.withPropertyValues("zmq.endpoints.news.socket.subscription-budget=0").run(context -> {
			try (Socket raw = subscriber(context)) {
				OutputStream out = raw.getOutputStream();
				for (int i = 1; i <= 100; i++) {
					out.write(subscribe(topic(Integer.toString(i))));
				}
				out.flush();
				awaitPublished(context, raw, topic("100"));
			}
			assertThat(context.getBean(MalformedFrameGuard.class).getRefusedSubscriptions()).isZero();
		});
	}

	@Test
	void aPeerThatSendsAPubEndpointAnythingButSubscriptionsIsDropped() {
		this.runner.run(context -> {
			try (Socket raw = subscriber(context)) {
				// JeroMQ would keep such messages for ever: a PUB socket is never read.
				raw.getOutputStream().write(ZmtpWriter.frame(0, "hello".getBytes(StandardCharsets.US_ASCII)));
				raw.getOutputStream().flush();
				RawSockets.awaitClosedByPeer(raw.getInputStream());
			}
			ConnectionRejections rejections = context.getBean(ConnectionRejections.class);
			await().atMost(WAIT).until(() -> rejections.getRejected("news", Reason.PROTOCOL) == 1);
			assertThat(rejections.getLastRejection("news")).contains("not a subscription");
			assertSubscribersAreServed(context, 1, topic("after"));
		});
	}

	@Test
	void negativeBudgetFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("zmq.endpoints.news.socket.subscription-budget=-1B")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("zmq.endpoints.news.socket.subscription-budget must not be negative"));
	}

	private static void assertCountedAndReported(AssertableApplicationContext context, int peers) {
		ConnectionRejections rejections = context.getBean(ConnectionRejections.class);
		await().atMost(WAIT).until(() -> rejections.getRejected("news", Reason.SUBSCRIPTION_BUDGET) == peers);
		assertThat(rejections.getLastRejection("news")).contains("subscription-budget of 65536 bytes")
			.contains("zmq.endpoints.news.socket.subscription-budget");
		assertThat(context.getBean(MalformedFrameGuard.class).getRefusedSubscriptions()).isEqualTo(peers);
		assertThat(context.getBean(MeterRegistry.class)
			.get("zmq.frames.refused")
			.tag("reason", "subscription-budget")
			.functionCounter()
			.count()).isEqualTo(peers);
	}

	/**
	 * Subscribers of JeroMQ, connected at once, each get what is published to the topic.
	 */
	private static void assertSubscribersAreServed(AssertableApplicationContext context, int count, String topic) {
		ZmqTemplate template = context.getBean(ZmqTemplate.class);
		try (ZContext peer = new ZContext()) {
			List<ZMQ.Socket> subscribers = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				ZMQ.Socket sub = peer.createSocket(SocketType.SUB);
				sub.subscribe(topic.getBytes(StandardCharsets.US_ASCII));
				RawSockets.connect(sub, address(context));
				subscribers.add(sub);
			}
			List<ZMQ.Socket> waiting = new ArrayList<>(subscribers);
			// Polled on this thread: the SUB sockets belong to it.
			await().pollInSameThread().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
				template.convertAndSend("news", topic, "hello");
				waiting.removeIf((sub) -> sub.recvStr(ZMQ.DONTWAIT) != null);
				return waiting.isEmpty();
			});
		}
	}

	/**
	 * Publishes to the topic until the raw subscriber reads a message of it: its
	 * subscriptions so far are held, and it is still connected.
	 */
	private static void awaitPublished(AssertableApplicationContext context, Socket raw, String topic)
			throws IOException {
		ZmqTemplate template = context.getBean(ZmqTemplate.class);
		InputStream in = raw.getInputStream();
		byte[] expected = topic.getBytes(StandardCharsets.US_ASCII);
		raw.setSoTimeout(100);
		try {
			await().pollInSameThread().atMost(WAIT).pollInterval(Duration.ZERO).until(() -> {
				template.convertAndSend("news", topic, "hello");
				try {
					while (true) {
						if (Arrays.equals(ZmtpWriter.readFrame(in), expected)) {
							return true;
						}
					}
				}
				catch (SocketTimeoutException ex) {
					return false;
				}
			});
		}
		finally {
			raw.setSoTimeout((int) WAIT.toMillis());
		}
	}

	private static Socket subscriber(AssertableApplicationContext context) throws IOException {
		String address = address(context);
		Socket socket = new Socket("127.0.0.1", Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
		socket.setSoTimeout((int) WAIT.toMillis());
		new ZmtpWriter(socket.getOutputStream()).handshake(socket.getInputStream(), "SUB");
		return socket;
	}

	private static String address(AssertableApplicationContext context) {
		return context.getBean(ZmqTemplate.class).getSenderRegistry().sender("news").getAddresses().get(0);
	}

	/** A topic of 100 bytes, starting with the given name. */
	private static String topic(String name) {
		return (name + "-").repeat(100).substring(0, 100);
	}

	private static byte[] subscribe(String topic) {
		return subscription(1, topic);
	}

	private static byte[] unsubscribe(String topic) {
		return subscription(0, topic);
	}

	private static byte[] subscription(int kind, String topic) {
		byte[] bytes = topic.getBytes(StandardCharsets.US_ASCII);
		byte[] body = new byte[bytes.length + 1];
		body[0] = (byte) kind;
		System.arraycopy(bytes, 0, body, 1, bytes.length);
		return ZmtpWriter.frame(0, body);
	}

}
