package dev.zmqspring.docs.receiving;

import java.time.Duration;
import java.util.Map;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.docs.DocsYaml;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.support.ZmqHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code @ZmqHandler} examples of docs/receiving.md, run: handlers.yml with its addresses moved to inproc, and
 * senders in the same application that play the peers.
 */
@Timeout(60)
class HandlerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withInitializer(DocsYaml.initializer("docs/receiving/handlers.yml"))
		.withUserConfiguration(UserEventHandlers.class, StockEventHandlers.class)
		.withPropertyValues("zmq.endpoints.stock-events.bind=inproc://docs-stock-events",
				"zmq.endpoints.user-events.connect=inproc://docs-user-events", "zmq.endpoints.stock-out.type=push",
				"zmq.endpoints.stock-out.connect=inproc://docs-stock-events", "zmq.endpoints.stock-out.headers-frame=true",
				"zmq.endpoints.users-out.type=pub", "zmq.endpoints.users-out.bind=inproc://docs-user-events",
				"zmq.endpoints.users-out.min-subscribers=1");

	@Test
	void eachTopicReachesItsHandlerAndTheSocketSubscribesToTheirTopics() {
		this.runner.run(context -> {
			assertThat(context.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer("userEventHandlers")
				.getEndpoint()
				.topics()).containsExactlyInAnyOrder("user.registered", "user.deleted");
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			UserEventHandlers handlers = context.getBean(UserEventHandlers.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				template.convertAndSend("users-out", "user.registered", new UserRegistered("u-1", "ann@example.com"));
				template.convertAndSend("users-out", "user.deleted", new UserDeleted("u-2"));
				assertThat(handlers.handled).contains("welcome ann@example.com", "forget u-2");
			});
		});
	}

	@Test
	void thePayloadTypeHeaderChoosesTheHandler() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			// tag::send-type[]
			template.convertAndSend("stock-out", null, new StockCounted("LAMP-1", 12),
					Map.of(ZmqHeaders.PAYLOAD_TYPE, "stock-counted"));
			// end::send-type[]
			template.convertAndSend("stock-out", null, new StockReceived("LAMP-1", 5),
					Map.of(ZmqHeaders.PAYLOAD_TYPE, "stock-received"));
			StockEventHandlers handlers = context.getBean(StockEventHandlers.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> handlers.handled.size() == 2);
			assertThat(handlers.handled).containsExactly(new StockCounted("LAMP-1", 12),
					new StockReceived("LAMP-1", 5));
		});
	}

}
