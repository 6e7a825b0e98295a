package dev.zmqspring.docs.delivery;

import java.time.Duration;
import java.util.UUID;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.docs.DocsYaml;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example of docs/delivery.md, run on H2: an order placed while its receiver is stopped is stored with its
 * message, and reserved exactly once when the receiver starts.
 */
@Timeout(60)
class ReliableDeliveryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
				DataSourceInitializationAutoConfiguration.class, ZmqAutoConfiguration.class))
		.withInitializer(DocsYaml.initializer("docs/delivery/order-service.yml"))
		.withInitializer(DocsYaml.initializer("docs/delivery/inventory-service.yml"))
		.withUserConfiguration(OrdersAndInventory.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:docs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:docs/delivery/schema.sql",
				"zmq.endpoints.orders-out.connect=inproc://docs-reliable",
				"zmq.endpoints.orders-in.bind=inproc://docs-reliable", "zmq.reliable.ack-timeout=300ms",
				"zmq.reliable.initial-backoff=50ms", "zmq.reliable.max-backoff=200ms",
				"zmq.reliable.poll-interval=100ms");

	@Test
	void orderPlacedWhileTheReceiverIsStoppedIsReservedOnceWhenItStarts() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
			String listenerId = listeners.getListenerContainerIds().iterator().next();
			listeners.getListenerContainer(listenerId).stop();

			OrderService orders = context.getBean(OrderService.class);
			orders.place("LAMP-1", 2);
			orders.place("LAMP-1", 3);
			ReliableDeliveryRegistry reliable = context.getBean(ReliableDeliveryRegistry.class);
			assertThat(reliable.outboxDepth("orders-out")).isEqualTo(2);

			listeners.getListenerContainer(listenerId).start();
			await().atMost(Duration.ofSeconds(20)).until(() -> reliable.outboxDepth("orders-out") == 0);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			assertThat(jdbc.sql("select available from stock where sku = 'LAMP-1'").query(Integer.class).single())
				.isEqualTo(5);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ OrderService.class, ReservationListener.class })
	static class OrdersAndInventory {

	}

}
