package dev.zmqspring.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DurableTopics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pyzmq subscriber joins a subscription group of a durable topic with the frames
 * {@code docs/wire-format.md} describes: it gets every message of its topics published
 * before it joined (it starts from the earliest), acknowledges them, and the publisher
 * keeps nothing more for it; a Java group on the same topic gets them all too.
 */
@Timeout(60)
class DurableTopicInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(EmailSender.class)
		.withPropertyValues("zmq.endpoints.user-events.type=pub", "zmq.endpoints.user-events.delivery=at-least-once",
				"zmq.endpoints.user-events.bind=tcp://127.0.0.1:*,inproc://interop-user-events",
				"zmq.endpoints.user-events.groups=email", "zmq.endpoints.email-in.type=sub",
				"zmq.endpoints.email-in.delivery=at-least-once", "zmq.endpoints.email-in.group=email",
				"zmq.endpoints.email-in.connect=inproc://interop-user-events", "zmq.listener.auto-startup=false");

	@BeforeEach
	void pyzmq() {
		PythonPeer.assumeAvailable();
	}

	@Test
	void aPythonMemberOfAGroupGetsEveryMessageOfItsTopicsAndAcknowledgesThem() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
			listeners.getListenerContainer("zmq-topic-user-events").start();
			String address = listeners.getListenerContainer("zmq-topic-user-events")
				.getAddresses()
				.stream()
				.filter((bound) -> bound.startsWith("tcp://"))
				.findFirst()
				.orElseThrow();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			for (int i = 0; i < 20; i++) {
				template.convertAndSend("user-events", "user.registered", "user-" + i);
				template.convertAndSend("user-events", "order.placed", "order-" + i);
			}
			List<String> payloads;
			try (PythonPeer member = PythonPeer.start("group_subscriber.py", address, "audit", "20", "user.")) {
				List<JsonNode> lines = member.awaitSuccess(TIMEOUT);
				assertThat(lines.get(lines.size() - 1).get("done").asInt()).isEqualTo(20);
				payloads = lines.subList(0, lines.size() - 1)
					.stream()
					.map((line) -> line.get("payload").asString())
					.toList();
				assertThat(lines.subList(0, lines.size() - 1)).allSatisfy((line) -> {
					assertThat(line.get("topic").asString()).isEqualTo("user.registered");
					assertThat(line.get("attempt").asString()).isEqualTo("1");
				});
			}
			assertThat(payloads).containsExactlyElementsOf(
					java.util.stream.IntStream.range(0, 20).mapToObj((i) -> "user-" + i).toList());
			DurableTopics topics = context.getBean(DurableTopics.class);
			DurableTopics.GroupStatus audit = topics.status("user-events")
				.stream()
				.filter((group) -> group.group().name().equals("audit"))
				.findFirst()
				.orElseThrow();
			assertThat(audit.backlog().pending()).isZero();
			assertThat(audit.statistics().getAcknowledged()).isEqualTo(20);
			// The Java group, declared on the publisher, kept all 40 while its member was
			// not running.
			EmailSender email = context.getBean(EmailSender.class);
			listeners.getListenerContainer("email").start();
			await().atMost(TIMEOUT).until(() -> email.sent.size() == 40);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class EmailSender {

		final List<String> sent = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "email", endpoint = "email-in", idempotent = "true")
		void send(String payload) {
			this.sent.add(payload);
		}

	}

}
