package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.ZmqHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ZmqListener} is repeatable: one method listens on several endpoints, each with
 * a container of its own.
 */
@Timeout(30)
class RepeatableListenerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withPropertyValues("zmq.endpoints.web-in.type=PULL", "zmq.endpoints.web-in.bind=inproc://repeat-web",
				"zmq.endpoints.web.type=PUSH", "zmq.endpoints.web.connect=inproc://repeat-web",
				"zmq.endpoints.shop-in.type=PULL", "zmq.endpoints.shop-in.bind=inproc://repeat-shop",
				"zmq.endpoints.shop.type=PUSH", "zmq.endpoints.shop.connect=inproc://repeat-shop");

	@Test
	void aMethodAnnotatedTwiceListensOnBothEndpoints() {
		this.runner.withUserConfiguration(TwoEndpoints.class).run(context -> {
			ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
			assertThat(registry.getListenerContainer("repeatableListenerTests.TwoEndpoints.take").getEndpoint().name())
				.isEqualTo("web-in");
			assertThat(
					registry.getListenerContainer("repeatableListenerTests.TwoEndpoints.take-2").getEndpoint().name())
				.isEqualTo("shop-in");
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.convertAndSend("web", "order-1");
			template.convertAndSend("shop", "order-2");
			TwoEndpoints listener = context.getBean(TwoEndpoints.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.size() == 2);
			assertThat(listener.received).containsExactlyInAnyOrder("order-1 on web-in", "order-2 on shop-in");
		});
	}

	@Test
	void aMethodOverridingAnAnnotatedOneListensOnlyWhereItSays() {
		this.runner.withUserConfiguration(Overriding.class).run(context -> {
			ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
			assertThat(registry.getListenerContainers()).singleElement()
				.satisfies((container) -> assertThat(container.getEndpoint().name()).isEqualTo("shop-in"));
		});
	}

	@Test
	void repeatedAnnotationsWithTheSameIdFailStartup() {
		this.runner.withUserConfiguration(SameId.class)
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("@ZmqListener on SameId.take()")
				.hasMessageContaining("already has the id 'orders'"));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoEndpoints {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "web-in")
		@ZmqListener(endpoint = "shop-in")
		void take(String order, ZmqHeaders headers) {
			this.received.add(order + " on " + headers.get(ZmqHeaders.ENDPOINT));
		}

	}

	static class Listening {

		@ZmqListener(endpoint = "web-in")
		void take(String order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Overriding extends Listening {

		@Override
		@ZmqListener(endpoint = "shop-in")
		void take(String order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SameId {

		@ZmqListener(id = "orders", endpoint = "web-in")
		@ZmqListener(id = "orders", endpoint = "shop-in")
		void take(String order) {
		}

	}

}
