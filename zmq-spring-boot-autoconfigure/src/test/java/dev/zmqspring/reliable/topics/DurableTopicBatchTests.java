package dev.zmqspring.reliable.topics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.security.ZmqSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backlog reaches a member over TCP, with the socket guard of the full
 * auto-configuration, in batches its socket lets in: three frames a message, within the
 * member's {@code max-message-frames}, whether the default of a durable subscriber or a
 * limit the application set.
 */
@Timeout(60)
class DurableTopicBatchTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner publisher = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
		.withPropertyValues("zmq.endpoints.events.type=pub", "zmq.endpoints.events.delivery=at-least-once",
				"zmq.endpoints.events.bind=tcp://127.0.0.1:*", "zmq.endpoints.events.groups=email");

	private final ApplicationContextRunner subscriber = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
		.withUserConfiguration(Member.class)
		.withPropertyValues("zmq.endpoints.events-in.type=sub", "zmq.endpoints.events-in.delivery=at-least-once",
				"zmq.endpoints.events-in.group=email");

	@Test
	void aBacklogReachesAMemberInBatchesLargerThanTheGeneralFrameLimit() {
		// Room for a batch of 1,000 messages.
		assertBacklogArrives("zmq.reliable.poll-interval=1s", 3002);
	}

	@Test
	void aMemberWhoseSocketTakesFewFramesGetsSmallBatches() {
		assertBacklogArrives("zmq.endpoints.events-in.socket.max-message-frames=8", 8);
	}

	private void assertBacklogArrives(String subscriberSetting, int expectedFrameLimit) {
		this.publisher.run((published) -> {
			ZmqTemplate template = published.getBean(ZmqTemplate.class);
			for (int i = 0; i < 300; i++) {
				template.convertAndSend("events", "user.registered", "user-" + i);
			}
			String address = published.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer("zmq-topic-events")
				.getAddresses()
				.get(0);
			this.subscriber.withPropertyValues("zmq.endpoints.events-in.connect=" + address, subscriberSetting)
				.run((subscribing) -> {
					Member member = subscribing.getBean(Member.class);
					await().atMost(TIMEOUT).until(() -> member.received.size() == 300);
					DurableTopics topics = published.getBean(DurableTopics.class);
					await().atMost(TIMEOUT).until(() -> topics.backlog("events", "email").pending() == 0);
					assertThat(topics.statistics("events", "email").getRedelivered()).isZero();
					ZmqListenerContainer container = subscribing.getBean(ZmqListenerEndpointRegistry.class)
						.getListenerContainer("email");
					assertThat(container.getStatistics().getErrors()).as("batches refused or dropped").isZero();
					assertThat(container.getEndpoint().settings().maxMessageFrames()).isEqualTo(expectedFrameLimit);
				});
		});
	}

	static class Member {

		final Map<String, Boolean> received = new ConcurrentHashMap<>();

		@ZmqListener(id = "email", endpoint = "events-in")
		void receive(String user) {
			this.received.put(user, true);
		}

	}

}
