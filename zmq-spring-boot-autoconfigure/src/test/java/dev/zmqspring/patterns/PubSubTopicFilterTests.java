package dev.zmqspring.patterns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.patterns.pubsub.WeatherStation;
import dev.zmqspring.support.ZmqMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cookbook: publish/subscribe. A publisher broadcasts under topics; each subscriber gets
 * exactly the topics it subscribed to (by prefix), or everything when it subscribed to
 * none. A subscriber misses what was published before its connection was up (the slow
 * joiner), so every test first publishes until each subscriber has heard something, and
 * then counts a fresh batch that ends with a marker per subscriber: one publisher's
 * messages arrive in order, so a subscriber that has its marker has everything published
 * before it.
 */
@Timeout(30)
class PubSubTopicFilterTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final String WARM_UP = "warm-up";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void eachSubscriberGetsExactlyTheTopicsItFiltersOn() {
		this.runner.withUserConfiguration(NewsSubscribers.class)
			.withPropertyValues("zmq.endpoints.news.type=PUB", "zmq.endpoints.news.bind=inproc://pubsub-news",
					"zmq.endpoints.weather-feed.type=SUB", "zmq.endpoints.weather-feed.connect=inproc://pubsub-news",
					"zmq.endpoints.weather-feed.topics=weather.", "zmq.endpoints.sports-feed.type=SUB",
					"zmq.endpoints.sports-feed.connect=inproc://pubsub-news",
					"zmq.endpoints.sports-feed.topics=sports.", "zmq.endpoints.outdoor-feed.type=SUB",
					"zmq.endpoints.outdoor-feed.connect=inproc://pubsub-news",
					"zmq.endpoints.outdoor-feed.topics=weather.,sports.", "zmq.endpoints.all-feed.type=SUB",
					"zmq.endpoints.all-feed.connect=inproc://pubsub-news")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				NewsSubscribers subscribers = context.getBean(NewsSubscribers.class);
				await().atMost(PATIENCE).untilAsserted(() -> {
					template.convertAndSend("news", "weather.warm-up", WARM_UP);
					template.convertAndSend("news", "sports.warm-up", WARM_UP);
					assertThat(subscribers.weather).isNotEmpty();
					assertThat(subscribers.sports).isNotEmpty();
					assertThat(subscribers.outdoor).isNotEmpty();
					assertThat(subscribers.all).isNotEmpty();
				});

				String[] topics = { "weather.paris", "sports.football", "news.local", "weatherman", "sports.tennis" };
				List<String> published = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					String topic = topics[i % topics.length];
					template.convertAndSend("news", topic, "message-" + i);
					published.add(topic + " message-" + i);
				}
				for (String marker : List.of("weather.end", "sports.end", "news.end")) {
					template.convertAndSend("news", marker, "end");
					published.add(marker + " end");
				}
				await().atMost(PATIENCE).untilAsserted(() -> {
					assertThat(subscribers.weather).contains("weather.end end");
					assertThat(subscribers.sports).contains("sports.end end");
					assertThat(subscribers.outdoor).contains("sports.end end");
					assertThat(subscribers.all).contains("news.end end");
				});

				assertThat(withoutWarmUp(subscribers.weather)).containsExactlyElementsOf(
						published.stream().filter(message -> message.startsWith("weather.")).toList());
				assertThat(withoutWarmUp(subscribers.sports)).containsExactlyElementsOf(
						published.stream().filter(message -> message.startsWith("sports.")).toList());
				assertThat(withoutWarmUp(subscribers.outdoor)).containsExactlyElementsOf(published.stream()
					.filter(message -> message.startsWith("weather.") || message.startsWith("sports."))
					.toList());
				assertThat(withoutWarmUp(subscribers.all)).containsExactlyElementsOf(published);
			});
	}

	@Test
	void publisherInterfaceTakesTheTopicFromTheMethodOrFromTheArgument() {
		this.runner.withUserConfiguration(WeatherApplication.class)
			.withPropertyValues("zmq.endpoints.weather.type=PUB", "zmq.endpoints.weather.bind=inproc://pubsub-weather",
					"zmq.endpoints.weather-feed.type=SUB", "zmq.endpoints.weather-feed.connect=inproc://pubsub-weather",
					"zmq.endpoints.weather-feed.topics=weather.")
			.run(context -> {
				assertThat(context).hasNotFailed();
				WeatherStation station = context.getBean(WeatherStation.class);
				WeatherApplication subscriber = context.getBean(WeatherApplication.class);
				await().atMost(PATIENCE).untilAsserted(() -> {
					station.paris(WARM_UP);
					assertThat(subscriber.readings).isNotEmpty();
				});

				station.paris("21C");
				station.report("weather.lyon", "18C");
				station.report("traffic.a6", "jammed");
				station.report("weather.end", "end");
				await().atMost(PATIENCE).until(() -> subscriber.readings.contains("weather.end end"));

				assertThat(withoutWarmUp(subscriber.readings)).containsExactly("weather.paris 21C", "weather.lyon 18C",
						"weather.end end");
			});
	}

	@Test
	void subscriberConnectedToTwoPublishersHearsBoth() {
		this.runner.withUserConfiguration(TwoSourcesSubscriber.class)
			.withPropertyValues("zmq.endpoints.north.type=PUB", "zmq.endpoints.north.bind=inproc://pubsub-north",
					"zmq.endpoints.south.type=PUB", "zmq.endpoints.south.bind=inproc://pubsub-south",
					"zmq.endpoints.both.type=SUB",
					"zmq.endpoints.both.connect=inproc://pubsub-north,inproc://pubsub-south")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				TwoSourcesSubscriber subscriber = context.getBean(TwoSourcesSubscriber.class);
				await().atMost(PATIENCE).untilAsserted(() -> {
					template.convertAndSend("north", "north", WARM_UP);
					template.convertAndSend("south", "south", WARM_UP);
					assertThat(subscriber.received).contains("north " + WARM_UP, "south " + WARM_UP);
				});

				for (int i = 0; i < 20; i++) {
					template.convertAndSend("north", "north", "n-" + i);
					template.convertAndSend("south", "south", "s-" + i);
				}
				template.convertAndSend("north", "north", "end");
				template.convertAndSend("south", "south", "end");
				await().atMost(PATIENCE)
					.untilAsserted(() -> assertThat(subscriber.received).contains("north end", "south end"));

				// Fair queueing mixes the two sources; each source's own messages keep
				// their order.
				List<String> fromNorth = withoutWarmUp(subscriber.received).stream()
					.filter(message -> message.startsWith("north "))
					.toList();
				List<String> fromSouth = withoutWarmUp(subscriber.received).stream()
					.filter(message -> message.startsWith("south "))
					.toList();
				assertThat(fromNorth).hasSize(21)
					.startsWith("north n-0", "north n-1")
					.endsWith("north n-19", "north end");
				assertThat(fromSouth).hasSize(21)
					.startsWith("south s-0", "south s-1")
					.endsWith("south s-19", "south end");
			});
	}

	/**
	 * Peers that publish single frames such as {@code "abc hello 1"} and filter on their
	 * first bytes: a topic delimiter on both endpoints splits topic and payload.
	 */
	@Test
	void singleFrameMessagesWithATopicDelimiterAreFilteredAndSplit() {
		// As YAML's topic-delimiter: " " (a .properties file, like withPropertyValues,
		// trims the space away).
		Map<String, Object> spaceDelimiters = Map.of("zmq.endpoints.ticker.topic-delimiter", " ",
				"zmq.endpoints.ticker-feed.topic-delimiter", " ");
		this.runner.withUserConfiguration(TickerSubscriber.class)
			.withInitializer(context -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("application.yml", spaceDelimiters)))
			.withPropertyValues("zmq.endpoints.ticker.type=PUB", "zmq.endpoints.ticker.bind=inproc://pubsub-ticker",
					"zmq.endpoints.ticker-feed.type=SUB", "zmq.endpoints.ticker-feed.connect=inproc://pubsub-ticker",
					"zmq.endpoints.ticker-feed.topics=abc")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				TickerSubscriber subscriber = context.getBean(TickerSubscriber.class);
				await().atMost(PATIENCE).untilAsserted(() -> {
					template.convertAndSend("ticker", "abc", WARM_UP);
					assertThat(subscriber.received).isNotEmpty();
				});

				template.convertAndSend("ticker", "abc", "hello 1");
				template.convertAndSend("ticker", "xyz", "hello 2");
				template.convertAndSend("ticker", "abc", "end");
				await().atMost(PATIENCE).until(() -> subscriber.received.contains("abc end"));

				assertThat(withoutWarmUp(subscriber.received)).containsExactly("abc hello 1", "abc end");
				assertThat(subscriber.frameCounts).containsOnly(1);
			});
	}

	/**
	 * A .properties file drops the spaces after '=', so {@code topic-delimiter= } (meant
	 * as a space, like the peers' {@code "abc hello 1"}) arrives as an empty string.
	 * Startup must fail and say how to write a space, instead of quietly sending two
	 * frames that such peers misread.
	 */
	@Test
	void emptyTopicDelimiterFailsStartupInsteadOfQuietlySendingTwoFrames() {
		this.runner
			.withPropertyValues("zmq.endpoints.ticker.type=PUB", "zmq.endpoints.ticker.bind=inproc://pubsub-empty",
					"zmq.endpoints.ticker.topic-delimiter= ")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("zmq.endpoints.ticker.topic-delimiter"));
	}

	static List<String> withoutWarmUp(List<String> received) {
		return received.stream().filter(message -> !message.endsWith(" " + WARM_UP)).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class NewsSubscribers {

		final List<String> weather = new CopyOnWriteArrayList<>();

		final List<String> sports = new CopyOnWriteArrayList<>();

		final List<String> outdoor = new CopyOnWriteArrayList<>();

		final List<String> all = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "weather-feed")
		void onWeather(@ZmqTopic String topic, String text) {
			this.weather.add(topic + " " + text);
		}

		@ZmqListener(endpoint = "sports-feed")
		void onSports(@ZmqTopic String topic, String text) {
			this.sports.add(topic + " " + text);
		}

		@ZmqListener(endpoint = "outdoor-feed")
		void onOutdoor(@ZmqTopic String topic, String text) {
			this.outdoor.add(topic + " " + text);
		}

		@ZmqListener(endpoint = "all-feed")
		void onAnything(@ZmqTopic String topic, String text) {
			this.all.add(topic + " " + text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = WeatherStation.class)
	static class WeatherApplication {

		final List<String> readings = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "weather-feed")
		void onReading(@ZmqTopic String topic, String reading) {
			this.readings.add(topic + " " + reading);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoSourcesSubscriber {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "both")
		void onMessage(@ZmqTopic String topic, String text) {
			this.received.add(topic + " " + text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TickerSubscriber {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<Integer> frameCounts = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "ticker-feed")
		void onTick(@ZmqTopic String topic, String text, ZmqMessage message) {
			this.received.add(topic + " " + text);
			this.frameCounts.add(message.getFrames().size());
		}

	}

}
