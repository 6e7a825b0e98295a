package dev.zmqspring.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ConnectionRejections.Reason;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.security.ZmqSecurityAutoConfiguration;
import dev.zmqspring.testsupport.RawSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static dev.zmqspring.proxy.DeviceTestSupport.assertAddressIsFree;
import static dev.zmqspring.proxy.DeviceTestSupport.closeQuickly;
import static dev.zmqspring.proxy.DeviceTestSupport.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cookbook: the forwarder device, declared in properties
 * ({@code zmq.proxies.<name>.type=forwarder}). Publishers connect to its frontend,
 * subscribers to its backend; subscriptions travel upstream through it, so topic
 * filtering works end to end and many publishers meet many subscribers at two stable
 * addresses.
 */
@Timeout(30)
class ForwarderDeviceTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final String WARM_UP = "warm-up";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void forwarderPassesEachPublishersTopicsToTheSubscribersThatFilterOnThem() {
		this.runner.withUserConfiguration(Subscribers.class)
			.withPropertyValues("zmq.proxies.fw.type=forwarder", "zmq.proxies.fw.frontend.bind=inproc://fw-in",
					"zmq.proxies.fw.backend.bind=inproc://fw-out", "zmq.endpoints.station-a.type=PUB",
					"zmq.endpoints.station-a.connect=inproc://fw-in", "zmq.endpoints.station-b.type=PUB",
					"zmq.endpoints.station-b.connect=inproc://fw-in", "zmq.endpoints.weather-feed.type=SUB",
					"zmq.endpoints.weather-feed.connect=inproc://fw-out", "zmq.endpoints.weather-feed.topics=weather.",
					"zmq.endpoints.all-feed.type=SUB", "zmq.endpoints.all-feed.connect=inproc://fw-out")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(device(context, "fw").isRunning()).isTrue();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				Subscribers subscribers = context.getBean(Subscribers.class);
				await().atMost(PATIENCE).untilAsserted(() -> {
					template.convertAndSend("station-a", "weather.a", WARM_UP);
					template.convertAndSend("station-b", "weather.b", WARM_UP);
					assertThat(subscribers.weather).contains("weather.a " + WARM_UP, "weather.b " + WARM_UP);
					assertThat(subscribers.all).contains("weather.a " + WARM_UP, "weather.b " + WARM_UP);
				});

				List<String> fromA = new ArrayList<>();
				List<String> fromB = new ArrayList<>();
				String[] topics = { "weather.", "traffic.", "weatherman." };
				for (int i = 0; i < 30; i++) {
					String topic = topics[i % topics.length];
					template.convertAndSend("station-a", topic + "a", "a-" + i);
					fromA.add(topic + "a a-" + i);
					template.convertAndSend("station-b", topic + "b", "b-" + i);
					fromB.add(topic + "b b-" + i);
				}
				template.convertAndSend("station-a", "weather.a", "end");
				fromA.add("weather.a end");
				template.convertAndSend("station-b", "weather.b", "end");
				fromB.add("weather.b end");
				await().atMost(PATIENCE).untilAsserted(() -> {
					assertThat(subscribers.weather).contains("weather.a end", "weather.b end");
					assertThat(subscribers.all).contains("weather.a end", "weather.b end");
				});

				// Each publisher's messages keep their order through the device.
				assertThat(from(subscribers.weather, "a")).containsExactlyElementsOf(weatherOnly(fromA));
				assertThat(from(subscribers.weather, "b")).containsExactlyElementsOf(weatherOnly(fromB));
				assertThat(from(subscribers.all, "a")).containsExactlyElementsOf(fromA);
				assertThat(from(subscribers.all, "b")).containsExactlyElementsOf(fromB);
			});
	}

	@Test
	void forwarderServesAnotherApplicationOverTcpAndFreesItsPortsWhenItStops() {
		this.runner
			.withPropertyValues("zmq.proxies.fw.type=forwarder", "zmq.proxies.fw.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.fw.backend.bind=tcp://127.0.0.1:*")
			.run(broker -> {
				assertThat(broker).hasNotFailed();
				ZmqProxy forwarder = device(broker, "fw");
				String frontend = forwarder.getFrontendAddresses().get(0);
				String backend = forwarder.getBackendAddresses().get(0);
				this.runner.withUserConfiguration(Subscribers.class)
					.withPropertyValues("zmq.endpoints.station-a.type=PUB",
							"zmq.endpoints.station-a.connect=" + frontend, "zmq.endpoints.weather-feed.type=SUB",
							"zmq.endpoints.weather-feed.connect=" + backend,
							"zmq.endpoints.weather-feed.topics=weather.", "zmq.endpoints.all-feed.type=SUB",
							"zmq.endpoints.all-feed.connect=" + backend)
					.run(application -> {
						assertThat(application).hasNotFailed();
						ZmqTemplate template = application.getBean(ZmqTemplate.class);
						Subscribers subscribers = application.getBean(Subscribers.class);
						await().atMost(PATIENCE).untilAsserted(() -> {
							template.convertAndSend("station-a", "weather.a", WARM_UP);
							assertThat(subscribers.weather).isNotEmpty();
							assertThat(subscribers.all).isNotEmpty();
						});
						template.convertAndSend("station-a", "traffic.a", "jammed");
						template.convertAndSend("station-a", "weather.a", "sunny");
						await().atMost(PATIENCE).until(() -> subscribers.all.contains("weather.a sunny"));
						assertThat(withoutWarmUp(subscribers.weather)).containsExactly("weather.a sunny");
						assertThat(withoutWarmUp(subscribers.all)).containsExactly("traffic.a jammed",
								"weather.a sunny");

						// The broker goes away while its clients are still connected.
						closeQuickly(broker);
						assertThat(forwarder.isRunning()).isFalse();
						assertAddressIsFree(frontend);
						assertAddressIsFree(backend);
					});
			});
	}

	@Test
	void forwarderPassesOnlySubscriptionsUpstreamSoThatAStarterPublisherKeepsIt() {
		this.runner.withConfiguration(AutoConfigurations.of(ZmqSecurityAutoConfiguration.class))
			.withPropertyValues("zmq.endpoints.station.type=PUB", "zmq.endpoints.station.bind=tcp://127.0.0.1:*")
			.run(publisher -> {
				ZmqTemplate template = publisher.getBean(ZmqTemplate.class);
				String station = template.getSenderRegistry().sender("station").getAddresses().get(0);
				this.runner
					.withPropertyValues("zmq.proxies.fw.type=forwarder", "zmq.proxies.fw.frontend.connect=" + station,
							"zmq.proxies.fw.backend.bind=tcp://127.0.0.1:*")
					.run(broker -> {
						ZmqProxy forwarder = device(broker, "fw");
						try (ZContext peer = new ZContext()) {
							// An XSUB may send anything upstream; a PUB takes only
							// subscriptions, and the starter's drops a peer that sends
							// it anything else.
							ZMQ.Socket subscriber = peer.createSocket(SocketType.XSUB);
							RawSockets.connect(subscriber, forwarder.getBackendAddresses().get(0));
							subscriber.send(new byte[] { 1, 'w' });
							// Polled on this thread: the socket belongs to it.
							await().pollInSameThread()
								.atMost(PATIENCE)
								.pollInterval(Duration.ofMillis(100))
								.until(() -> {
									template.convertAndSend("station", "weather", "sunny");
									return subscriber.recvStr(ZMQ.DONTWAIT) != null;
								});
							// Sent once the connection surely works: a first connection
							// that
							// JeroMQ's handshake stall resets takes it along, and an XSUB
							// sends its subscriptions again on the next one, not this.
							await().pollInSameThread()
								.atMost(PATIENCE)
								.pollInterval(Duration.ofMillis(100))
								.until(() -> {
									subscriber.send("hello");
									String error = forwarder.getStatistics().getLastError();
									return error != null && error.contains("sent upstream was not forwarded");
								});
						}
					});
				assertThat(publisher.getBean(ConnectionRejections.class).getRejected("station", Reason.PROTOCOL))
					.isZero();
			});
	}

	private static List<String> from(List<String> received, String station) {
		return withoutWarmUp(received).stream().filter(message -> message.split(" ")[0].endsWith(station)).toList();
	}

	private static List<String> weatherOnly(List<String> messages) {
		return messages.stream().filter(message -> message.startsWith("weather.")).toList();
	}

	private static List<String> withoutWarmUp(List<String> received) {
		return received.stream().filter(message -> !message.endsWith(" " + WARM_UP)).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class Subscribers {

		final List<String> weather = new CopyOnWriteArrayList<>();

		final List<String> all = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "weather-feed")
		void onWeather(@ZmqTopic String topic, String text) {
			this.weather.add(topic + " " + text);
		}

		@ZmqListener(endpoint = "all-feed")
		void onAnything(@ZmqTopic String topic, String text) {
			this.all.add(topic + " " + text);
		}

	}

}
