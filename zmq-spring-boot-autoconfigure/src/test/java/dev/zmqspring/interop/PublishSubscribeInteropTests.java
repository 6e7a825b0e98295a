package dev.zmqspring.interop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import tools.jackson.databind.JsonNode;

import static dev.zmqspring.interop.PythonPeer.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PUB/SUB between the starter and pyzmq peers. A subscriber misses whatever was published
 * before its subscription arrived (the slow joiner), so every publisher here publishes
 * again and again until the subscriber has what it needs, within a bound; no test waits
 * for a fixed time.
 */
@Timeout(30)
class PublishSubscribeInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@BeforeEach
	void pyzmq() {
		PythonPeer.assumeAvailable();
	}

	@Test
	void pythonRecvMultipartSubscriberGetsOnlyItsTopicFromTemplate() {
		this.runner.withPropertyValues("zmq.endpoints.events.type=PUB", "zmq.endpoints.events.bind=tcp://127.0.0.1:*")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				String address = template.getSenderRegistry().sender("events").getAddresses().get(0);
				try (PythonPeer subscriber = PythonPeer.start("sub_client.py", address, "orders.", "3")) {
					AtomicInteger round = new AtomicInteger();
					// The script ends by itself once it has its 3 messages (or after its
					// own receive timeout).
					await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
						int n = round.incrementAndGet();
						template.convertAndSend("events", "audit.login", new Order("audit-" + n, n));
						template.convertAndSend("events", "orders.created", new Order("A-" + n, n));
						return subscriber.hasEnded();
					});
					assertThat(subscriber.awaitSuccess(TIMEOUT)).hasSize(3).allSatisfy(line -> {
						assertThat(line.get("topic").asString()).isEqualTo("orders.created");
						assertThat(line.get("frames").asInt()).isEqualTo(2);
						Order order = as(line.get("payload"), Order.class);
						assertThat(order.id()).isEqualTo("A-" + order.quantity());
					});
				}
			});
	}

	@Test
	void pythonSendMultipartPublisherReachesSubListenerWithTopic() {
		this.runner.withUserConfiguration(TickListener.class).run(context -> {
			assertThat(context).hasNotFailed();
			TickListener listener = context.getBean(TickListener.class);
			ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer("ticks");
			try (PythonPeer publisher = PythonPeer.start("pub_multipart.py", container.getAddresses().get(0),
					"news.sport", "prices.eur")) {
				await().atMost(TIMEOUT).until(() -> listener.ticks.size() >= 3 || publisher.hasEnded());
				publisher.stop();
				publisher.awaitSuccess(TIMEOUT);
			}
			assertThat(listener.topics).hasSizeGreaterThanOrEqualTo(3).containsOnly("prices.eur");
			assertThat(listener.ticks).allSatisfy(tick -> assertThat(tick.topic()).isEqualTo("prices.eur"));
			assertThat(listener.ticks).extracting(Tick::seq).isSorted().doesNotHaveDuplicates();
			assertThat(container.getStatistics().getErrors()).isZero();
		});
	}

	@Test
	void pythonSendStringPublisherReachesSubListenerWithSpaceDelimitedTopic() {
		try (PythonPeer publisher = PythonPeer.start("pub_single_frame.py", "sports 3-1", "weather 21")) {
			int port = publisher.awaitPort(TIMEOUT);
			// Set directly: TestPropertyValues would trim the single-space delimiter
			// away.
			Map<String, Object> properties = Map.of("zmq.endpoints.weather.type", "SUB",
					"zmq.endpoints.weather.connect", "tcp://127.0.0.1:" + port, "zmq.endpoints.weather.topics",
					"weather", "zmq.endpoints.weather.topic-delimiter", " ");
			this.runner.withUserConfiguration(WeatherListener.class)
				.withInitializer(context -> context.getEnvironment()
					.getPropertySources()
					.addFirst(new MapPropertySource("interop", properties)))
				.run(context -> {
					assertThat(context).hasNotFailed();
					WeatherListener listener = context.getBean(WeatherListener.class);
					await().atMost(TIMEOUT).until(() -> listener.readings.size() >= 3 || publisher.hasEnded());
					publisher.stop();
					publisher.awaitSuccess(TIMEOUT);
					assertThat(listener.readings).hasSizeGreaterThanOrEqualTo(3).containsOnly("weather=21");
				});
		}
	}

	record Order(String id, int quantity) {
	}

	record Tick(String topic, int seq) {
	}

	@Configuration(proxyBeanMethods = false)
	static class TickListener {

		final List<String> topics = new CopyOnWriteArrayList<>();

		final List<Tick> ticks = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "ticks", type = "SUB", bind = "tcp://127.0.0.1:*", topics = "prices.")
		void onTick(@ZmqTopic String topic, Tick tick) {
			this.topics.add(topic);
			this.ticks.add(tick);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WeatherListener {

		final List<String> readings = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "weather")
		void onWeather(@ZmqTopic String topic, String reading) {
			this.readings.add(topic + "=" + reading);
		}

	}

}
