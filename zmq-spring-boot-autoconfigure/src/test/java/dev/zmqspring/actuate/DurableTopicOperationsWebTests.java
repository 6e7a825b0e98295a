package dev.zmqspring.actuate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.testsupport.ActuatorClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of a durable topic over HTTP: each group's lag, position and
 * counts in {@code /actuator/zmq}, a lagging group as a health warning, the
 * {@code zmq.topic.*} meters, and a reset of a group's position, logged with who asked.
 * The e-mail group has a member here; the SMS group, declared on the publisher, has none
 * and falls behind.
 */
@SpringBootTest(classes = DurableTopicOperationsWebTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,zmq,metrics",
				"management.endpoint.health.show-details=always", "management.health.zmq.topics.max-lag=3",
				"zmq.endpoints.events.type=pub", "zmq.endpoints.events.delivery=at-least-once",
				"zmq.endpoints.events.bind=inproc://operations-events", "zmq.endpoints.events.groups=email,sms",
				"zmq.endpoints.events-in.type=sub", "zmq.endpoints.events-in.delivery=at-least-once",
				"zmq.endpoints.events-in.connect=inproc://operations-events", "zmq.endpoints.events-in.group=email",
				"zmq.reliable.poll-interval=100ms", "zmq.shutdown-timeout=2s" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class DurableTopicOperationsWebTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ZmqTemplate template;

	@Autowired
	private Application application;

	private ActuatorClient actuator;

	@BeforeEach
	void connect() {
		this.actuator = new ActuatorClient(this.port);
	}

	@Test
	@Order(1)
	void eachGroupShowsItsLagAndCountsAndALaggingGroupIsAHealthWarning() {
		for (int i = 0; i < 5; i++) {
			this.template.convertAndSend("events", "user.registered", "user-" + i);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.application.received.size() == 5);
		await().atMost(Duration.ofSeconds(10)).until(() -> group("email").path("lag").asLong() == 0);
		JsonNode email = group("email");
		assertThat(email.path("acknowledged").asLong()).isEqualTo(5);
		assertThat(email.path("delivered").asLong()).isEqualTo(5);
		assertThat(email.path("redelivered").asLong()).isZero();
		assertThat(email.path("lost").asLong()).isZero();
		JsonNode sms = group("sms");
		assertThat(sms.path("lag").asLong()).isEqualTo(5);
		assertThat(sms.path("position").asLong()).isPositive();
		assertThat(sms.path("topics").get(0).asString()).isEqualTo("(every topic)");
		// The member's listener shows its group.
		assertThat(this.actuator.json("/zmq/email").path("group").asString()).isEqualTo("email");

		JsonNode health = this.actuator.json("/health");
		assertThat(health.path("status").asString()).isEqualTo("UP");
		JsonNode topics = health.path("components").path("zmq").path("components").path("topics");
		assertThat(topics.path("status").asString()).isEqualTo("UP");
		assertThat(topics.path("details").path("warnings").get(0).asString())
			.contains("Group 'sms' of durable topic 'events' is 5 messages");
		assertThat(topics.path("details").path("events").path("email").has("warning")).isFalse();

		assertThat(metric("zmq.topic.lag", "group:sms")).isEqualTo(5);
		assertThat(metric("zmq.topic.acknowledged", "group:email")).isEqualTo(5);
		assertThat(metric("zmq.topic.lag.age", "group:sms")).isGreaterThanOrEqualTo(0);
	}

	@Test
	@Order(2)
	void aGroupIsResetToTheLatestOrTheEarliestMessageOrRemovedAndEachIsLogged(CapturedOutput output) {
		ActuatorClient.Response latest = this.actuator.post("/zmq/topics/events/sms/reset-to-latest");
		assertThat(latest.status()).as(latest.text()).isEqualTo(200);
		assertThat(latest.body().path("lag").asLong()).isZero();
		assertThat(output).contains(
				"Group 'sms' of durable topic 'events' was reset to the latest message by an" + " Actuator request");

		ActuatorClient.Response earliest = this.actuator.post("/zmq/topics/events/sms/reset-to-earliest");
		assertThat(earliest.status()).as(earliest.text()).isEqualTo(200);
		assertThat(earliest.body().path("lag").asLong()).isEqualTo(5);

		// Removed, its pending messages with it; declared on the publisher, it is kept
		// for
		// again from now on.
		ActuatorClient.Response removed = this.actuator.post("/zmq/topics/events/sms/remove");
		assertThat(removed.status()).as(removed.text()).isEqualTo(200);
		assertThat(output).contains("Group 'sms' of durable topic 'events' was removed by an Actuator request, with"
				+ " the 5 messages it had not acknowledged");
		assertThat(group("sms").path("lag").asLong()).isZero();

		assertThat(this.actuator.post("/zmq/topics/events/nobody/reset-to-latest").status()).isEqualTo(400);
		assertThat(this.actuator.post("/zmq/topics/events/nobody/remove").status()).isEqualTo(400);
		assertThat(this.actuator.post("/zmq/topics/unknown/sms/reset-to-latest").status()).isEqualTo(400);
		assertThat(this.actuator.post("/zmq/topics/events/sms/rewind").status()).isEqualTo(400);
	}

	private JsonNode group(String name) {
		return this.actuator.json("/zmq").path("topics").path("events").path(name);
	}

	private double metric(String name, String tag) {
		ActuatorClient.Response response = this.actuator.get("/metrics/" + name + "?tag=" + tag);
		assertThat(response.status()).as("GET %s: %s", name, response.text()).isEqualTo(200);
		return response.body().path("measurements").get(0).path("value").asDouble();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class Application {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "email", endpoint = "events-in", idempotent = "true")
		void email(String user) {
			this.received.add(user);
		}

	}

}
