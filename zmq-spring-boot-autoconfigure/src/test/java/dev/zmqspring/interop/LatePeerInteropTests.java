package dev.zmqspring.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.SocketActivity;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connecting sockets find a pyzmq peer that binds long after they started, with the
 * default socket settings: a publisher script that binds a minute after the
 * {@code @ZmqListener} SUB started connecting, lives two seconds and publishes every
 * 100ms reaches the listener; a PULL script bound a minute after the PUSH sender started
 * receives what it sends. Both Java sides start together and wait the minute once, for
 * both tests.
 */
@Timeout(60)
class LatePeerInteropTests {

	/**
	 * How long the Java sides try to reach their absent peers before the peers bind: a
	 * minute, or the seconds of the system property {@code late-peer.head-start-seconds}
	 * (at least 11, for the peer warning) for a quicker run.
	 */
	private static final Duration HEAD_START = Duration
		.ofSeconds(Math.max(11, Long.getLong("late-peer.head-start-seconds", 60)));

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final int MESSAGES = 100;

	private static ConfigurableApplicationContext subscriberApp;

	private static ConfigurableApplicationContext pusherApp;

	private static String publisherAddress;

	private static String sinkAddress;

	@BeforeAll
	@Timeout(180)
	static void javaSidesConnectToPeersThatAreNotThereForAMinute() throws IOException {
		// The peers bind these later; a port that nobody holds now (the system hands out
		// ports in turn, so another
		// process taking it in this minute is unlikely).
		publisherAddress = "tcp://127.0.0.1:" + unusedPort();
		sinkAddress = "tcp://127.0.0.1:" + unusedPort();
		subscriberApp = new SpringApplicationBuilder(SubscriberApp.class).web(WebApplicationType.NONE)
			.properties("late.publisher=" + publisherAddress)
			.run();
		pusherApp = new SpringApplicationBuilder(PusherApp.class).web(WebApplicationType.NONE)
			.properties("zmq.endpoints.sink.type=PUSH", "zmq.endpoints.sink.connect=" + sinkAddress)
			.run();
		SubscriberApp subscriber = subscriberApp.getBean(SubscriberApp.class);
		await().during(HEAD_START)
			.atMost(HEAD_START.plusSeconds(30))
			.until(() -> subscriber.received.isEmpty() && subscriberActivity().getWaitingForPeerSince() != null
					&& sinkActivity().getWaitingForPeerSince() != null);
		// Ten seconds without a peer (the default peer-wait-warning) and both said so.
		assertThat(subscriberActivity().getPeerWarning()).contains("'late'", publisherAddress);
		assertThat(sinkActivity().getPeerWarning()).contains("'sink'", sinkAddress);
	}

	@AfterAll
	static void stopJavaSides() {
		if (subscriberApp != null) {
			subscriberApp.close();
		}
		if (pusherApp != null) {
			pusherApp.close();
		}
	}

	@BeforeEach
	void pyzmq() {
		PythonPeer.assumeAvailable();
	}

	@Test
	void shortLivedPythonPublisherThatBindsAMinuteLateReachesConnectingSubListener() {
		SubscriberApp subscriber = subscriberApp.getBean(SubscriberApp.class);
		int sent;
		try (PythonPeer publisher = PythonPeer.start("late_pub.py", publisherAddress, "2000", "100")) {
			List<JsonNode> lines = publisher.awaitSuccess(TIMEOUT);
			sent = lines.get(lines.size() - 1).get("sent").asInt();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> !subscriber.received.isEmpty());
		assertThat(subscriber.received).allSatisfy(seq -> assertThat(seq).isBetween(0, sent - 1))
			.isSorted()
			.doesNotHaveDuplicates();
		System.out.println("Late publisher: " + subscriber.received.size() + " of " + sent + " messages received");
	}

	@Test
	void pythonPullThatBindsAMinuteLateReceivesWhatConnectingPushSends() {
		ZmqTemplate template = pusherApp.getBean(ZmqTemplate.class);
		try (PythonPeer sink = PythonPeer.start("late_pull.py", sinkAddress, String.valueOf(MESSAGES), "10000")) {
			sink.awaitLine(line -> line.has("bound"), TIMEOUT);
			for (int i = 0; i < MESSAGES; i++) {
				template.convertAndSend("sink", i);
			}
			List<JsonNode> lines = sink.awaitSuccess(TIMEOUT);
			List<Integer> received = new CopyOnWriteArrayList<>();
			lines.get(lines.size() - 1).get("received").forEach(value -> received.add(value.asInt()));
			assertThat(received).containsExactlyElementsOf(IntStream.range(0, MESSAGES).boxed().toList());
		}
		// Connected now: the warning is gone.
		await().atMost(TIMEOUT).until(() -> sinkActivity().getPeerWarning() == null);
	}

	private static SocketActivity subscriberActivity() {
		return subscriberApp.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("late").getActivity();
	}

	private static SocketActivity sinkActivity() {
		return pusherApp.getBean(ZmqTemplate.class).getSenderRegistry().sender("sink").getActivity();
	}

	private static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The starter alone: the publisher interfaces of this package's other tests stay out.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ZmqAutoConfiguration.class)
	static class SubscriberApp {

		final List<Integer> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "late", type = "SUB", connect = "${late.publisher}", topics = "late")
		void onLate(Late late) {
			this.received.add(late.seq());
		}

	}

	/**
	 * The starter alone: the publisher interfaces of this package's other tests stay out.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ZmqAutoConfiguration.class)
	static class PusherApp {

	}

	record Late(int seq) {
	}

}
