package dev.zmqspring.docs.threads;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/threads.md, run: the replaced thread factory's workers carry its MDC key, and the threads that own sockets
 * get its priority.
 */
@Timeout(60)
class ThreadsDocsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(ThreadsConfiguration.class, Orders.class)
		.withPropertyValues("zmq.endpoints.orders.type=PUSH", "zmq.endpoints.orders.connect=inproc://docs-threads",
				"zmq.endpoints.orders-in.type=PULL", "zmq.endpoints.orders-in.bind=inproc://docs-threads");

	@Test
	void workersCarryTheMdcKeyAndSocketThreadsTheirPriority() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(ZmqTemplate.class).convertAndSend("orders", "order-1");
			Orders orders = context.getBean(Orders.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> orders.services.size() == 1);
			assertThat(orders.services).containsExactly("orders");
			assertThat(Thread.getAllStackTraces().keySet()).filteredOn((thread) -> thread.getName().equals("zmq-send-orders"))
				.singleElement()
				.extracting(Thread::getPriority)
				.isEqualTo(Thread.NORM_PRIORITY + 1);
		});
	}

	static class Orders {

		final List<String> services = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "orders-in", concurrency = "2")
		void on(String order) {
			this.services.add(String.valueOf(MDC.get("service")));
		}

	}

}
