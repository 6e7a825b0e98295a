package dev.zmqspring.docs.receiving;

import java.time.Duration;
import java.util.Map;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.docs.DocsYaml;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The examples of docs/receiving.md, run: the application.yml of the page with its addresses moved to inproc, and
 * senders in the same application that play the peers.
 */
@Timeout(60)
class ReceivingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ValidationAutoConfiguration.class))
		.withInitializer(DocsYaml.initializer("docs/receiving/application.yml"))
		.withUserConfiguration(ReceivingApplication.class)
		.withPropertyValues("zmq.endpoints.orders-in.bind=inproc://docs-orders",
				"zmq.endpoints.events.connect=inproc://docs-events", "stock.address=inproc://docs-stock",
				"zmq.endpoints.orders-out.type=push", "zmq.endpoints.orders-out.connect=inproc://docs-orders",
				"zmq.endpoints.events-out.type=pub", "zmq.endpoints.events-out.bind=inproc://docs-events",
				"zmq.endpoints.events-out.headers-frame=true", "zmq.endpoints.events.headers-frame=true",
				"zmq.endpoints.events-out.min-subscribers=1", "zmq.endpoints.stock-client.type=req",
				"zmq.endpoints.stock-client.connect=inproc://docs-stock", "warehouse.address=inproc://docs-warehouse",
				"zmq.endpoints.warehouse-client.type=req", "zmq.endpoints.warehouse-client.connect=inproc://docs-warehouse",
				"zmq.endpoints.web-orders.type=pull", "zmq.endpoints.web-orders.bind=inproc://docs-web",
				"zmq.endpoints.shop-orders.type=pull", "zmq.endpoints.shop-orders.bind=inproc://docs-shop",
				"zmq.endpoints.web-out.type=push", "zmq.endpoints.web-out.connect=inproc://docs-web",
				"zmq.endpoints.shop-out.type=push", "zmq.endpoints.shop-out.connect=inproc://docs-shop",
				"zmq.endpoints.priority-orders.type=pull", "zmq.endpoints.priority-orders.bind=inproc://docs-priority",
				"zmq.endpoints.priority-orders.headers-frame=true", "zmq.endpoints.priority-out.type=push",
				"zmq.endpoints.priority-out.connect=inproc://docs-priority",
				"zmq.endpoints.priority-out.headers-frame=true");

	@Test
	void namedListenerReceivesOrdersAndCanBePausedAndResumed() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			Inventory inventory = context.getBean(Inventory.class);
			template.convertAndSend("orders-out", new OrderPlaced("o-1", "LAMP-1", 2));
			await().atMost(Duration.ofSeconds(10)).until(() -> inventory.reserved.size() == 1);
			assertThat(inventory.reserved).containsExactly(new OrderPlaced("o-1", "LAMP-1", 2));

			MaintenanceWindow window = context.getBean(MaintenanceWindow.class);
			window.begin();
			assertThat(context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("reservations").isPaused())
				.isTrue();
			template.convertAndSend("orders-out", new OrderPlaced("o-2", "LAMP-1", 1));
			window.end();
			await().atMost(Duration.ofSeconds(10)).until(() -> inventory.reserved.size() == 2);
		});
	}

	@Test
	void inlineRepListenerAnswersWithItsReturnValue() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			StockLevel level = context.getBean(ZmqTemplate.class)
				.request("stock-client", new StockQuery("LAMP-1"), StockLevel.class);
			assertThat(level).isEqualTo(new StockLevel("LAMP-1", 3));
		});
	}

	@Test
	void repListenerRepliesWhenItsFutureCompletes() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			StockLevel level = context.getBean(ZmqTemplate.class)
				.request("warehouse-client", new StockQuery("LAMP-1"), StockLevel.class);
			assertThat(level).isEqualTo(new StockLevel("LAMP-1", 40));
		});
	}

	@Test
	void repeatedListenerReceivesFromBothEndpoints() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.convertAndSend("web-out", new OrderPlaced("o-7", "LAMP-1", 1));
			template.convertAndSend("shop-out", new OrderPlaced("o-8", "MUG-1", 1));
			Inventory inventory = context.getBean(Inventory.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> inventory.reservedFrom.size() == 2);
			assertThat(inventory.reservedFrom).containsExactlyInAnyOrder("o-7 from web-orders", "o-8 from shop-orders");
		});
	}

	@Test
	void messagingListenerValidatesAndConvertsHeaders() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.convertAndSend("priority-out", null, new OrderPlaced("", "LAMP-1", 1), Map.of("priority", "1"));
			template.convertAndSend("priority-out", null, new OrderPlaced("o-9", "LAMP-1", 1), Map.of("priority", "2"));
			Inventory inventory = context.getBean(Inventory.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> inventory.reservedFrom.size() == 1);
			assertThat(inventory.reservedFrom).containsExactly("o-9 priority 2 via web");
		});
	}

	@Test
	void topicListenerGetsTopicPayloadAndHeaders() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.convertAndSend("events-out", "order.placed", new UserRegistered("u-0", "nobody@example.com"),
					Map.of("source", "signup"));
			template.convertAndSend("events-out", "user.registered", new UserRegistered("u-1", "ada@example.com"),
					Map.of("source", "signup"));
			Inventory inventory = context.getBean(Inventory.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> !inventory.welcomed.isEmpty());
			assertThat(inventory.welcomed).containsExactly("user.registered ada@example.com from signup");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ Inventory.class, OrderListeners.class, MaintenanceWindow.class })
	static class ReceivingApplication {

	}

}
