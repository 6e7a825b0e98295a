package dev.zmqspring.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqHandler;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pyzmq peer names each payload's type in the headers frame, and a class-level listener
 * hands each message to the handler of that type; a Java class name sent as the type is
 * an unknown name, counted as an error, and the messages after it are handled.
 */
@Timeout(30)
class TypedHandlersInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(OrderHandlers.class)
		.withPropertyValues("zmq.endpoints.orders-in.type=PULL", "zmq.endpoints.orders-in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.orders-in.headers-frame=true",
				"zmq.type-mappings.order-placed=" + OrderPlaced.class.getName(),
				"zmq.type-mappings.order-cancelled=" + OrderCancelled.class.getName());

	@BeforeEach
	void pyzmq() {
		PythonPeer.assumeAvailable();
	}

	@Test
	void eachPythonMessageReachesTheHandlerOfTheTypeItNames() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer("orders");
			OrderHandlers handlers = context.getBean(OrderHandlers.class);
			try (PythonPeer pusher = PythonPeer.start("push_typed.py", container.getAddresses().get(0))) {
				assertThat(pusher.awaitSuccess(TIMEOUT)).singleElement()
					.satisfies(line -> assertThat(line.get("sent").asInt()).isEqualTo(4));
			}
			await().atMost(TIMEOUT).until(() -> handlers.handled.size() == 3);
			assertThat(handlers.handled).containsExactly("placed o-1 x2", "cancelled o-2: late", "placed o-4 x5");
			assertThat(container.getStatistics().getErrors()).isEqualTo(1);
		});
	}

	record OrderPlaced(String id, int quantity) {
	}

	record OrderCancelled(String id, String reason) {
	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(id = "orders", endpoint = "orders-in")
	static class OrderHandlers {

		final List<String> handled = new CopyOnWriteArrayList<>();

		@ZmqHandler
		void placed(OrderPlaced order) {
			this.handled.add("placed " + order.id() + " x" + order.quantity());
		}

		@ZmqHandler
		void cancelled(OrderCancelled order) {
			this.handled.add("cancelled " + order.id() + ": " + order.reason());
		}

	}

}
