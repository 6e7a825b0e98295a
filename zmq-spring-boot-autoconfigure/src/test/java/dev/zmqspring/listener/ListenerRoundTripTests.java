package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(30)
class ListenerRoundTripTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(Listeners.class);

	@Test
	void pushedObjectsArriveAtPullListenerAndRequestsGetReplies() {
		this.runner
			.withPropertyValues("zmq.endpoints.in.type=PULL", "zmq.endpoints.in.bind=inproc://rt-in",
					"zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=inproc://rt-in",
					"zmq.endpoints.ask.type=REQ", "zmq.endpoints.ask.connect=inproc://rt-rep",
					"zmq.endpoints.news.type=PUB", "zmq.endpoints.news.bind=inproc://rt-news")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				Listeners listeners = context.getBean(Listeners.class);
				template.convertAndSend("out", new Order("A-1", 3));
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.orders.size() == 1);
				assertThat(listeners.orders).containsExactly(new Order("A-1", 3));
				assertThat(template.request("ask", "hello", String.class)).isEqualTo("HELLO");
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					template.convertAndSend("news", "user.registered", new Order("B", 1));
					assertThat(listeners.topics).contains("user.registered");
				});
			});
	}

	record Order(String id, int quantity) {
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<Order> orders = new CopyOnWriteArrayList<>();

		final List<String> topics = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "in")
		void onOrder(Order order) {
			this.orders.add(order);
		}

		@ZmqListener(type = "REP", bind = "inproc://rt-rep")
		String upper(String text) {
			return text.toUpperCase();
		}

		@ZmqListener(type = "SUB", connect = "inproc://rt-news", topics = "user.")
		void onNews(@ZmqTopic String topic, Order order) {
			this.topics.add(topic);
		}

	}

}
