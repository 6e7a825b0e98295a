package dev.zmqspring.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqHeader;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.config.publishers.Greetings;
import dev.zmqspring.config.publishers.News;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.ZmqHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ZmqPublisher} interfaces are found in the application's packages and behave as
 * declared.
 */
@Timeout(30)
class PublisherInterfaceTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(App.class)
		.withPropertyValues("zmq.endpoints.greet.type=REQ", "zmq.endpoints.greet.connect=inproc://publisher-greet",
				"zmq.endpoints.greeter.type=REP", "zmq.endpoints.greeter.bind=inproc://publisher-greet",
				"zmq.endpoints.news.type=PUB", "zmq.endpoints.news.bind=inproc://publisher-news",
				"zmq.endpoints.news-in.type=SUB", "zmq.endpoints.news-in.connect=inproc://publisher-news",
				"zmq.endpoints.audit.type=PUSH", "zmq.endpoints.audit.connect=inproc://audit",
				"zmq.endpoints.audit.headers-frame=true", "zmq.endpoints.audit-in.type=PULL",
				"zmq.endpoints.audit-in.bind=inproc://audit", "zmq.endpoints.audit-in.headers-frame=true");

	@Test
	void requestMethodsReturnTheConvertedReplySynchronouslyAndAsynchronously() {
		this.runner.run(context -> {
			Greetings greetings = context.getBean(Greetings.class);
			assertThat(greetings.greet("Ada")).isEqualTo("Hello Ada");
			CompletableFuture<Greetings.Reply> reply = greetings.greetAsync(new Greetings.Request("Bob"));
			assertThat(reply.get()).isEqualTo(new Greetings.Reply("Hello Bob"));
			assertThat(greetings.greetTwice("Cy")).isEqualTo("Hello Cy Hello Cy");
			greetings.ping("Dee");
			assertThat(context.getBean(App.class).bodies).endsWith("Dee");
			assertThat(greetings.toString()).contains(Greetings.class.getName());
			assertThat(greetings).isEqualTo(greetings);
		});
	}

	@Test
	void publishMethodsSendUnderTheAnnotatedOrGivenTopic() {
		this.runner.withPropertyValues("app.topic=weather.paris").run(context -> {
			News news = context.getBean(News.class);
			App app = context.getBean(App.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				news.weather(new News.Forecast("Paris", 21));
				news.publish("sport", new News.Forecast("Lyon", 2));
				assertThat(app.topics).contains("weather.paris", "sport");
			});
			assertThat(app.forecasts).contains(new News.Forecast("Paris", 21), new News.Forecast("Lyon", 2));
		});
	}

	@Test
	void requestMethodFailsWithTimeoutWhenTheServerIsGone() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(ClientOnly.class)
			.withPropertyValues("zmq.endpoints.greet.type=REQ", "zmq.endpoints.greet.connect=tcp://127.0.0.1:9",
					"zmq.endpoints.greet.request-timeout=200ms", "zmq.endpoints.news.type=PUB",
					"zmq.endpoints.news.bind=inproc://publisher-news-only")
			.run(context -> {
				Greetings greetings = context.getBean(Greetings.class);
				assertThatExceptionOfType(ZmqRequestTimeoutException.class).isThrownBy(() -> greetings.greet("anyone"));
				CompletableFuture<Greetings.Reply> later = greetings.greetAsync(new Greetings.Request("x"));
				assertThat(later).failsWithin(Duration.ofSeconds(5))
					.withThrowableOfType(java.util.concurrent.ExecutionException.class)
					.withCauseInstanceOf(ZmqRequestTimeoutException.class);
			});
	}

	@Test
	void headersFrameCarriesHeadersToTheListener() {
		this.runner.run(context -> {
			context.getBean(ZmqTemplate.class)
				.convertAndSend("audit", null, "created", java.util.Map.of("message_id", "42"));
			App app = context.getBean(App.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> !app.audits.isEmpty());
			assertThat(app.audits).containsExactly("42 created audit-in");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = Greetings.class)
	static class App {

		final List<String> bodies = new CopyOnWriteArrayList<>();

		final List<String> topics = new CopyOnWriteArrayList<>();

		final List<News.Forecast> forecasts = new CopyOnWriteArrayList<>();

		final List<String> audits = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "greeter")
		Object greet(String body) {
			this.bodies.add(body);
			if (body.startsWith("{")) {
				return new Greetings.Reply("Hello " + body.replaceAll(".*\"name\":\"([^\"]*)\".*", "$1"));
			}
			return "Hello " + body;
		}

		@ZmqListener(endpoint = "news-in")
		void news(@ZmqTopic String topic, News.Forecast forecast) {
			this.topics.add(topic);
			this.forecasts.add(forecast);
		}

		@ZmqListener(endpoint = "audit-in")
		void audit(String event, @ZmqHeader("message_id") String id, ZmqHeaders headers) {
			this.audits.add(id + " " + event + " " + headers.get(ZmqHeaders.ENDPOINT));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = Greetings.class)
	static class ClientOnly {

	}

}
