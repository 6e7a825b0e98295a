package dev.zmqspring.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.config.publisherapps.expression.ExpressionPublisher;
import dev.zmqspring.config.publisherapps.placeholder.ConfiguredPublisher;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.testsupport.RawSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static dev.zmqspring.testsupport.StartupFailures.assertFailedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ${...}} placeholders in {@code @ZmqListener} and {@code @ZmqPublisher}
 * attributes resolve from the application's properties, and {@code #{...}} expressions
 * are evaluated as in {@code @Value}, beans included.
 */
@Timeout(30)
class PlaceholderResolutionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void listenerEndpointNameAndConcurrencyComeFromProperties() {
		this.runner.withBean("configuredListener", ConfiguredListener.class)
			.withPropertyValues("app.endpoint=orders", "app.workers=3", "zmq.endpoints.orders.type=PULL",
					"zmq.endpoints.orders.bind=inproc://placeholder-orders", "zmq.endpoints.out.type=PUSH",
					"zmq.endpoints.out.connect=inproc://placeholder-orders")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("configuredListener.onOrder");
				assertThat(container.getEndpoint().name()).isEqualTo("orders");
				assertThat(container.getConcurrency()).isEqualTo(3);
				context.getBean(ZmqTemplate.class).convertAndSend("out", "A-1");
				List<String> received = context.getBean(ConfiguredListener.class).received;
				await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("A-1"));
			});
	}

	@Test
	void listenerBindAddressComesFromProperties() {
		this.runner.withBean("addressListener", AddressListener.class)
			.withPropertyValues("app.address=tcp://127.0.0.1:*")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("addressListener.onMessage");
				assertThat(container.getEndpoint().addresses()).containsExactly("tcp://127.0.0.1:*");
				String bound = container.getAddresses().get(0);
				assertThat(bound).startsWith("tcp://127.0.0.1:").doesNotEndWith(":*");
				// A plain JeroMQ peer reaches the listener at the port the system chose.
				try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
					push.setLinger(1000);
					RawSockets.connect(push, bound);
					push.send("over tcp");
					List<String> received = context.getBean(AddressListener.class).received;
					await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("over tcp"));
				}
			});
	}

	@Test
	void placeholderListOfTopicsSubscribesToEach() {
		this.runner.withBean("topicsListener", TopicsListener.class)
			.withPropertyValues("app.topics=user.,order.", "zmq.endpoints.news.type=PUB",
					"zmq.endpoints.news.bind=inproc://placeholder-news")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("topicsListener.onNews");
				assertThat(container.getEndpoint().topics()).containsExactly("user.", "order.");
			});
	}

	@Test
	void unresolvablePlaceholderFailsStartupNamingIt() {
		this.runner.withBean("configuredListener", ConfiguredListener.class)
			.run(context -> assertFailedWith(context, "app.endpoint"));
	}

	@Test
	void publisherEndpointAndTopicComeFromProperties() {
		this.runner.withUserConfiguration(PublisherApplication.class)
			.withBean("topicListener", TopicListener.class)
			.withPropertyValues("app.publisher-endpoint=events", "app.topic=user.registered",
					"zmq.endpoints.events.type=PUB", "zmq.endpoints.events.bind=inproc://placeholder-events")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ConfiguredPublisher publisher = context.getBean(ConfiguredPublisher.class);
				List<String> topics = context.getBean(TopicListener.class).topics;
				// A subscriber misses what is published before its subscription arrives:
				// publish until one lands.
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					publisher.publish("u-1");
					assertThat(topics).contains("user.registered");
				});
			});
	}

	@Test
	void listenerAttributesMayBeExpressions() {
		this.runner.withBean("expressionListener", ExpressionListener.class)
			.withBean("routing", Routing.class)
			.withPropertyValues("app.topics=user.,order.", "zmq.endpoints.jobs.type=PULL",
					"zmq.endpoints.jobs.bind=inproc://expression-jobs", "zmq.endpoints.out.type=PUSH",
					"zmq.endpoints.out.connect=inproc://expression-jobs")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
				ZmqListenerContainer jobs = registry.getListenerContainer("jobs-listener");
				assertThat(jobs.getEndpoint().name()).isEqualTo("jobs");
				assertThat(jobs.getConcurrency()).isEqualTo(2);
				ZmqListenerContainer news = registry.getListenerContainer("expressionListener.onNews");
				assertThat(news.getEndpoint().topics()).containsExactly("user.", "order.");
				context.getBean(ZmqTemplate.class).convertAndSend("out", "J-1");
				List<String> received = context.getBean(ExpressionListener.class).received;
				await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("J-1"));
			});
	}

	@Test
	void publisherAttributesMayBeExpressions() {
		this.runner.withUserConfiguration(ExpressionPublisherApplication.class)
			.withBean("routing", Routing.class)
			.withBean("topicListener", TopicListener.class)
			.withPropertyValues("app.event=registered", "zmq.endpoints.events.type=PUB",
					"zmq.endpoints.events.bind=inproc://placeholder-events")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ExpressionPublisher publisher = context.getBean(ExpressionPublisher.class);
				List<String> topics = context.getBean(TopicListener.class).topics;
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					publisher.publish("u-1");
					assertThat(topics).contains("user.registered");
				});
			});
	}

	/** A bean that listener and publisher attributes read. */
	public static class Routing {

		public String getEndpoint() {
			return "events";
		}

		public int getWorkers() {
			return 2;
		}

	}

	static class ExpressionListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		// The example of the issue that asked for expressions.
		@ZmqListener(id = "#{'jobs' + '-listener'}", endpoint = "#{'jobs'}", concurrency = "#{@routing.workers}")
		void onJob(String job) {
			this.received.add(job);
		}

		@ZmqListener(type = "SUB", connect = "inproc://expression-news", topics = "#{'${app.topics}'.split(',')}")
		void onNews(String text) {
		}

	}

	static class ConfiguredListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "${app.endpoint}", concurrency = "${app.workers}")
		void onOrder(String order) {
			this.received.add(order);
		}

	}

	static class AddressListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(type = "PULL", bind = "${app.address}")
		void onMessage(String text) {
			this.received.add(text);
		}

	}

	static class TopicsListener {

		@ZmqListener(type = "SUB", connect = "inproc://placeholder-news", topics = "${app.topics}")
		void onNews(String text) {
		}

	}

	static class TopicListener {

		final List<String> topics = new CopyOnWriteArrayList<>();

		@ZmqListener(type = "SUB", connect = "inproc://placeholder-events")
		void onEvent(@ZmqTopic String topic, String userId) {
			this.topics.add(topic);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = ConfiguredPublisher.class)
	static class PublisherApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = ExpressionPublisher.class)
	static class ExpressionPublisherApplication {

	}

}
