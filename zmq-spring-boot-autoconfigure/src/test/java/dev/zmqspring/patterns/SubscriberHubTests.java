package dev.zmqspring.patterns;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cookbook: a hand-written hub. The hub binds a SUB socket that any number of publishers
 * connect to (the reverse of the usual direction: the stable end binds, whatever its
 * type), and relays every message it hears: republished as is on its own PUB socket, and
 * with the topic word cut off to PULL clients. The peers speak single frames such as
 * {@code "abc hello 1"}, so the endpoints split topic and payload at the first space.
 */
@Timeout(30)
class SubscriberHubTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void hubRelaysWhatConnectedPublishersSayToSubscribersAndPullers() {
		// In application.yml: topic-delimiter: " " (a .properties file would trim the
		// space away).
		Map<String, Object> spaceDelimiters = Map.of("zmq.endpoints.inbox.topic-delimiter", " ",
				"zmq.endpoints.outbox.topic-delimiter", " ", "zmq.endpoints.sensor-1.topic-delimiter", " ",
				"zmq.endpoints.sensor-2.topic-delimiter", " ", "zmq.endpoints.watcher.topic-delimiter", " ");
		this.runner.withUserConfiguration(Hub.class, Clients.class)
			.withInitializer(context -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("application.yml", spaceDelimiters)))
			.withPropertyValues(
					// the hub
					"zmq.endpoints.inbox.type=SUB", "zmq.endpoints.inbox.bind=inproc://hub-in",
					"zmq.endpoints.outbox.type=PUB", "zmq.endpoints.outbox.bind=inproc://hub-out",
					"zmq.endpoints.pusher.type=PUSH", "zmq.endpoints.pusher.bind=inproc://hub-push",
					// its clients
					"zmq.endpoints.sensor-1.type=PUB", "zmq.endpoints.sensor-1.connect=inproc://hub-in",
					"zmq.endpoints.sensor-2.type=PUB", "zmq.endpoints.sensor-2.connect=inproc://hub-in",
					"zmq.endpoints.watcher.type=SUB", "zmq.endpoints.watcher.connect=inproc://hub-out",
					"zmq.endpoints.watcher.topics=abc", "zmq.endpoints.puller.type=PULL",
					"zmq.endpoints.puller.connect=inproc://hub-push")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				Clients clients = context.getBean(Clients.class);
				// Two slow joiners in a row: sensor -> hub and hub -> watcher.
				await().atMost(PATIENCE).untilAsserted(() -> {
					template.convertAndSend("sensor-1", "abc", "warm-up sensor-1");
					template.convertAndSend("sensor-2", "abc", "warm-up sensor-2");
					assertThat(clients.pulled).contains("warm-up sensor-1", "warm-up sensor-2");
					assertThat(clients.watched).isNotEmpty();
				});

				for (int i = 0; i < 10; i++) {
					template.convertAndSend("sensor-1", "abc", "hello sensor-1 " + i);
					template.convertAndSend("sensor-2", "abc", "hello sensor-2 " + i);
					template.convertAndSend("sensor-2", "xyz", "not for the watcher " + i);
				}
				template.convertAndSend("sensor-1", "abc", "end sensor-1");
				template.convertAndSend("sensor-2", "abc", "end sensor-2");
				await().atMost(PATIENCE).untilAsserted(() -> {
					assertThat(clients.pulled).contains("end sensor-1", "end sensor-2");
					assertThat(clients.watched).contains("abc end sensor-1", "abc end sensor-2");
				});

				for (String sensor : List.of("sensor-1", "sensor-2")) {
					List<String> said = Stream
						.concat(IntStream.range(0, 10).mapToObj(i -> "hello " + sensor + " " + i),
								Stream.of("end " + sensor))
						.toList();
					assertThat(batchOf(clients.pulled, sensor)).containsExactlyElementsOf(said);
					assertThat(batchOf(clients.watched, sensor))
						.containsExactlyElementsOf(said.stream().map(text -> "abc " + text).toList());
				}
				assertThat(clients.pulled).filteredOn(text -> text.startsWith("not for the watcher")).hasSize(10);
				assertThat(clients.watched).noneMatch(text -> text.contains("not for the watcher"));
			});
	}

	private static List<String> batchOf(List<String> received, String sensor) {
		return received.stream()
			.filter(text -> text.endsWith(sensor) || text.contains(sensor + " "))
			.filter(text -> !text.contains("warm-up"))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class Hub {

		private final ZmqTemplate template;

		Hub(ZmqTemplate template) {
			this.template = template;
		}

		@ZmqListener(endpoint = "inbox")
		void relay(@ZmqTopic String topic, String text) {
			this.template.convertAndSend("outbox", topic, text);
			this.template.convertAndSend("pusher", text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Clients {

		final List<String> watched = new CopyOnWriteArrayList<>();

		final List<String> pulled = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "watcher")
		void watch(@ZmqTopic String topic, String text) {
			this.watched.add(topic + " " + text);
		}

		@ZmqListener(endpoint = "puller")
		void pull(String text) {
			this.pulled.add(text);
		}

	}

}
