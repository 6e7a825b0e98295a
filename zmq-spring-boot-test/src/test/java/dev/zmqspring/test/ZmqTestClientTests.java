package dev.zmqspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.test.ShopApplication.Command;
import dev.zmqspring.test.ShopApplication.Price;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * A test plays the services around the application with {@link ZmqTestClient}: it
 * receives what the application sends, sends what it listens to, answers its requests and
 * asks its REP listener, publishes and subscribes, and speaks point-to-point
 * at-least-once delivery; on endpoints configured with fixed tcp ports it never opens.
 */
@SpringBootTest(classes = ShopApplication.class)
@AutoConfigureZmqTest
@Timeout(60)
class ZmqTestClientTests {

	@Autowired
	ZmqTestClient client;

	@Autowired
	ZmqListenerTestHarness harness;

	@Autowired
	ZmqTemplate template;

	@Autowired
	ReliableDeliveryRegistry reliable;

	@Test
	void receivesWhatTheApplicationPushes() {
		try (ZmqTestPeer warehouse = this.client.peer("orders")) {
			this.template.convertAndSend("orders", new Command("apple", 2));
			assertThat(warehouse.receive(Command.class)).isEqualTo(new Command("apple", 2));
		}
	}

	@Test
	void sendsToTheApplicationsListener() {
		try (ZmqTestPeer shop = this.client.peer("commands-in")) {
			shop.send(new Command("pear", 3));
			assertThat(this.harness.awaitInvocation("commands").getArgument(Command.class))
				.isEqualTo(new Command("pear", 3));
		}
	}

	@Test
	void subscribesToTheApplicationsTopicsWithTheirHeaders() {
		try (ZmqTestPeer subscriber = this.client.peer("events", "user.")) {
			this.template.convertAndSend("events", "user.registered", "ann", Map.of("region", "eu"));
			ZmqTestMessage event = subscriber.receiveMessage();
			assertThat(event.getTopic()).isEqualTo("user.registered");
			assertThat(event.getHeaders()).containsEntry("region", "eu");
			assertThat(event.getPayload(String.class)).isEqualTo("ann");
		}
	}

	@Test
	void publishesToTheApplicationsSubscriptionOnceItHasSubscribed() {
		try (ZmqTestPeer feed = this.client.peer("feed-in")) {
			feed.publish("news.ignored", new Price("ignored", 1));
			feed.publish("prices.apple", new Price("apple", 120));
			assertThat(this.harness.awaitInvocation("listeners.price").getArgument(Price.class))
				.isEqualTo(new Price("apple", 120));
			assertThat(this.harness.getInvocations("listeners.price")).hasSize(1);
		}
	}

	@Test
	void showsTheFramesAsTheyArrive() {
		try (ZmqTestPeer subscriber = this.client.peer("events", "user.")) {
			this.template.convertAndSend("events", "user.registered", "ann", Map.of("region", "eu"));
			List<String> frames = subscriber.receiveMessage()
				.getFrames()
				.stream()
				.map((frame) -> new String(frame, StandardCharsets.UTF_8))
				.toList();
			assertThat(frames).containsExactly("user.registered", "{\"region\":\"eu\"}", "ann");
		}
		try (ZmqTestPeer warehouse = this.client.peer("orders")) {
			this.template.convertAndSend("orders", new Command("apple", 2));
			assertThat(warehouse.receiveFrames()).singleElement()
				.extracting((frame) -> new String(frame, StandardCharsets.UTF_8))
				.isEqualTo("{\"name\":\"apple\",\"quantity\":2}");
		}
	}

	@Test
	void sendsFramesAsTheyAreSoATestCanSendWhatNoStarterWould() {
		try (ZmqTestPeer shop = this.client.peer("commands-in")) {
			shop.sendFrames("not json".getBytes(StandardCharsets.UTF_8));
			shop.sendFrames("{\"name\":\"plum\",\"quantity\":4}".getBytes(StandardCharsets.UTF_8));
			assertThat(this.harness.awaitInvocation("commands").getArgument(Command.class))
				.isEqualTo(new Command("plum", 4));
			assertThat(this.harness.getInvocations("commands")).as("the frame that is not JSON reached no call")
				.hasSize(1);
		}
	}

	@Test
	void asksTheApplicationsRepListenerAndGetsItsErrors() {
		try (ZmqTestPeer caller = this.client.peer("echo-in")) {
			assertThat(caller.request("hello", String.class)).isEqualTo("HELLO");
			assertThatExceptionOfType(ZmqRemoteException.class).isThrownBy(() -> caller.request("fail", String.class))
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("LISTENER_FAILED"));
			assertThat(caller.request("again", String.class)).isEqualTo("AGAIN");
		}
	}

	@Test
	void aLateReplyIsNotTakenForTheNextOne() {
		try (ZmqTestPeer caller = this.client.peer("echo-in")) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> caller.withTimeout(Duration.ofMillis(100)).request("slow", String.class))
				.withMessageContaining("waiting for the reply");
			assertThat(caller.withTimeout(Duration.ofSeconds(10)).request("next", String.class)).isEqualTo("NEXT");
		}
	}

	@Test
	void answersTheApplicationsRequests() throws Exception {
		try (ZmqTestPeer inventory = this.client.peer("stock")) {
			CompletableFuture<Price> reply = CompletableFuture
				.supplyAsync(() -> this.template.request("stock", "apple", Price.class));
			ZmqTestMessage query = inventory.receiveMessage();
			assertThat(query.getPayload(String.class)).isEqualTo("apple");
			inventory.reply(new Price("apple", 99));
			assertThat(reply.get(20, TimeUnit.SECONDS)).isEqualTo(new Price("apple", 99));
		}
	}

	@Test
	void acknowledgesWhatTheApplicationSendsAtLeastOnce() {
		try (ZmqTestPeer inventory = this.client.peer("reservations")) {
			this.template.convertAndSend("reservations", new Command("plum", 1));
			ZmqTestMessage reservation = inventory.receiveMessage();
			assertThat(reservation.getPayload(Command.class)).isEqualTo(new Command("plum", 1));
			assertThat(reservation.getHeaders()).containsKey("message_id").containsEntry("attempt", "1");
			await().atMost(Duration.ofSeconds(20)).until(() -> this.reliable.outboxDepth("reservations") == 0);
			assertThat(this.reliable.statistics("reservations").getAcknowledgements()).isGreaterThanOrEqualTo(1);
		}
	}

	@Test
	void sendsAtLeastOnceAndWaitsForTheAcknowledgement() {
		try (ZmqTestPeer bank = this.client.peer("payments-in")) {
			bank.send(new Price("order-7", 1999));
			// Acknowledged: processed, and recorded, already.
			assertThat(this.harness.getInvocations("payments")).extracting((call) -> call.getArgument(Price.class))
				.contains(new Price("order-7", 1999));
		}
	}

	@Test
	void joinsAGroupOfTheApplicationsDurableTopicAndAcknowledges() {
		try (ZmqTestGroupMember email = this.client.groupMember("users", "email")) {
			this.template.convertAndSend("users", "user.registered", "ann");
			this.template.convertAndSend("users", "user.registered", "bob");
			ZmqTestMessage first = email.receiveMessage();
			assertThat(first.getTopic()).isEqualTo("user.registered");
			assertThat(first.getHeaders()).containsKey("message_id");
			assertThat(first.getPayload(String.class)).isEqualTo("ann");
			// Fetched with the acknowledgement of the first.
			assertThat(email.receive(String.class)).isEqualTo("bob");
		}
		// Both acknowledged (the second when the member closed): nothing comes again once
		// the leases (zmq.reliable.ack-timeout, 1 s here) are over.
		try (ZmqTestGroupMember again = this.client.groupMember("users", "email")
			.withTimeout(Duration.ofMillis(2500))) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> again.receive(String.class))
				.withMessageContaining("got no message");
		}
	}

	@Test
	void servesTheDurableTopicTheApplicationsGroupFetchesFrom() {
		try (ZmqTestTopicServer news = this.client.topicServer("news-in")) {
			assertThat(news.getGroups()).containsExactly("readers");
			// Returns once the group acknowledged it: processed already.
			String id = news.publish("news.daily", "rain tomorrow");
			ZmqListenerInvocation call = this.harness.awaitInvocation("news");
			assertThat(call.getArguments()).containsExactly("rain tomorrow");
			assertThat(news.publish("news.daily", "sun after")).isNotEqualTo(id);
			assertThat(this.harness.getInvocations("news")).hasSize(2);
		}
	}

	@Test
	void refusesWhatItCannotPlayWithTheReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.peer("users"))
			.withMessageContaining("groupMember(\"users\", \"<group>\")");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.groupMember("orders", "email"))
			.withMessageContaining("not a durable topic");
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.peer("orders", "topic"))
			.withMessageContaining("topics are for the peer of a PUB endpoint");
		try (ZmqTestPeer warehouse = this.client.peer("orders")) {
			assertThatIllegalStateException().isThrownBy(() -> warehouse.send("x"))
				.withMessageContaining("cannot send");
		}
	}

	@Test
	void aPeerBelongsToTheThreadThatOpenedIt() throws Exception {
		try (ZmqTestPeer warehouse = this.client.peer("orders")) {
			CompletableFuture<Void> elsewhere = CompletableFuture.runAsync(() -> warehouse.receive(Command.class));
			assertThat(elsewhere).failsWithin(Duration.ofSeconds(10))
				.withThrowableThat()
				.havingRootCause()
				.isInstanceOf(IllegalStateException.class)
				.withMessageContaining("must not be used by two threads");
		}
	}

	@Test
	void waitingForNothingFailsAfterTheTimeout() {
		try (ZmqTestPeer warehouse = this.client.peer("orders").withTimeout(Duration.ofMillis(200))) {
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> warehouse.receive(Command.class))
				.withMessageContaining("received nothing within PT0.2S");
		}
	}

}
