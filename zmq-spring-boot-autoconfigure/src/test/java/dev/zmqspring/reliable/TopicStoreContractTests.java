package dev.zmqspring.reliable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link TopicStore} must do, run against each implementation by a subclass.
 */
@Timeout(30)
abstract class TopicStoreContractTests {

	protected TopicStore store;

	/** Creates the store under test, empty; called before each test. */
	protected abstract TopicStore createStore();

	@BeforeEach
	void createEmptyStore() {
		this.store = createStore();
	}

	@Test
	void aPublishedMessageIsClaimedByEachGroupItWasKeptForWithEverythingItWasPublishedWith() {
		addGroups("email", "sms");
		this.store.publish(new TopicMessage("m1", "events", "user.registered", Map.of("tenant", "t1"),
				"hello".getBytes(), 10, 100), List.of("email", "sms"));

		for (String group : List.of("email", "sms")) {
			assertThat(this.store.claim("events", group, 1000, 10, 5000)).singleElement().satisfies((delivery) -> {
				assertThat(delivery.attempt()).isOne();
				TopicMessage message = delivery.message();
				assertThat(message.messageId()).isEqualTo("m1");
				assertThat(message.endpoint()).isEqualTo("events");
				assertThat(message.topic()).isEqualTo("user.registered");
				assertThat(message.headers()).containsExactlyEntriesOf(Map.of("tenant", "t1"));
				assertThat(message.payload()).isEqualTo("hello".getBytes());
				assertThat(message.seq()).isEqualTo(10);
				assertThat(message.createdAt()).isEqualTo(100);
			});
		}
	}

	@Test
	void aClaimedMessageIsNotClaimedAgainUntilItsLeaseEndsAndThenCountsOneAttemptMore() {
		addGroups("email");
		publish("m1", 1, "email");

		assertThat(this.store.claim("events", "email", 1000, 10, 5000)).hasSize(1);
		assertThat(this.store.claim("events", "email", 4999, 10, 9000)).isEmpty();
		assertThat(this.store.claim("events", "email", 5000, 10, 9000)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.attempt()).isEqualTo(2));
	}

	@Test
	void messagesAreClaimedInPublishOrderUpToTheLimit() {
		addGroups("email");
		publish("m3", 3, "email");
		publish("m1", 1, "email");
		publish("m2", 2, "email");

		assertThat(this.store.claim("events", "email", 1000, 2, 5000))
			.extracting((delivery) -> delivery.message().messageId())
			.containsExactly("m1", "m2");
		assertThat(this.store.claim("events", "email", 1000, 2, 5000))
			.extracting((delivery) -> delivery.message().messageId())
			.containsExactly("m3");
	}

	@Test
	void aClaimFromAPositionTakesTheDueMessagesFromThereOnInPublishOrder() {
		addGroups("email");
		publish("m1", 1, "email");
		publish("m4", 4, "email");
		publish("m2", 2, "email");
		publish("m3", 3, "email");

		assertThat(this.store.claim("events", "email", 1000, 10, 5000, 2))
			.extracting((delivery) -> delivery.message().messageId())
			.containsExactly("m2", "m3", "m4");
		assertThat(this.store.claim("events", "email", 1000, 10, 5000, 2)).isEmpty();
		assertThat(this.store.claim("events", "email", 1000, 10, 5000, Long.MIN_VALUE))
			.extracting((delivery) -> delivery.message().messageId())
			.containsExactly("m1");
	}

	@Test
	void aFetchAcknowledgesWhatItCarriesAndClaimsWhatIsDue() {
		addGroups("email");
		publish("m1", 1, "email");
		publish("m2", 2, "email");
		publish("m3", 3, "email");
		this.store.claim("events", "email", 1000, 2, 5000);

		assertThat(this.store.acknowledgeAndClaim("events", "email", Map.of("m1", 1, "m2", 1), 1000, 10, 5000,
				Long.MIN_VALUE))
			.extracting((delivery) -> delivery.message().messageId())
			.containsExactly("m3");
		assertThat(this.store.backlog("events", "email", 1000).pending()).isEqualTo(1);
		// Nothing to acknowledge, or nothing to claim: each half alone.
		assertThat(this.store.acknowledgeAndClaim("events", "email", Map.of(), 1000, 10, 5000, Long.MIN_VALUE))
			.isEmpty();
		assertThat(this.store.acknowledgeAndClaim("events", "email", Map.of("m3", 1), 1000, 0, 5000, Long.MIN_VALUE))
			.isEmpty();
		assertThat(this.store.backlog("events", "email", 1000).pending()).isZero();
	}

	@Test
	void anAcknowledgedMessageIsGoneForThatGroupOnly() {
		addGroups("email", "sms");
		publish("m1", 1, "email", "sms");
		this.store.claim("events", "email", 1000, 10, 5000);

		this.store.acknowledge("events", "email", Map.of("m1", 0, "unknown", 0));

		assertThat(this.store.claim("events", "email", 10_000, 10, 20_000)).isEmpty();
		assertThat(this.store.backlog("events", "email", 10_000).pending()).isZero();
		assertThat(this.store.backlog("events", "sms", 10_000).pending()).isOne();
	}

	@Test
	void aReleasedMessageIsDueAgainAtTheGivenTime() {
		addGroups("email");
		publish("m1", 1, "email");
		this.store.claim("events", "email", 1000, 10, 5000);

		this.store.release("events", "email", Map.of("m1", 1), 1200);

		assertThat(this.store.claim("events", "email", 1199, 10, 9000)).isEmpty();
		assertThat(this.store.claim("events", "email", 1200, 10, 9000)).hasSize(1);
	}

	@Test
	void aLateAcknowledgementOrFailureOfAnEarlierAttemptLeavesTheLaterDeliveryAlone() {
		addGroups("email");
		publish("m1", 1, "email");
		this.store.claim("events", "email", 1000, 10, 5000);
		// The lease ended; another member has it now, as attempt 2.
		assertThat(this.store.claim("events", "email", 5000, 10, 9000)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.attempt()).isEqualTo(2));

		this.store.release("events", "email", Map.of("m1", 1), 5100);
		this.store.acknowledge("events", "email", Map.of("m1", 1));

		assertThat(this.store.claim("events", "email", 8999, 10, 20_000)).isEmpty();
		assertThat(this.store.backlog("events", "email", 8999).pending()).isOne();
		this.store.acknowledge("events", "email", Map.of("m1", 2));
		assertThat(this.store.backlog("events", "email", 8999).pending()).isZero();
	}

	@Test
	void aRemovedGroupIsGoneWithWhatItHadPending() {
		addGroups("email", "sms");
		publish("m1", 1, "email", "sms");

		assertThat(this.store.removeGroup("events", "sms")).isTrue();
		assertThat(this.store.removeGroup("events", "sms")).isFalse();

		assertThat(this.store.groups("events")).extracting(TopicGroup::name).containsExactly("email");
		assertThat(this.store.backlog("events", "sms", 1000).pending()).isZero();
		assertThat(this.store.backlog("events", "email", 1000).pending()).isOne();
	}

	@Test
	void aGroupIsAddedOnceAndItsTopicsCanChange() {
		assertThat(this.store.addGroup("events", new TopicGroup("sms", List.of("user."), 5), 0)).isTrue();
		assertThat(this.store.addGroup("events", new TopicGroup("sms", List.of(), 6), 0)).isFalse();
		assertThat(this.store.addGroup("other", new TopicGroup("sms", List.of(), 7), 0)).isTrue();

		this.store.updateTopics("events", "sms", List.of("user.", "order. "));

		assertThat(this.store.groups("events")).singleElement().satisfies((group) -> {
			assertThat(group.name()).isEqualTo("sms");
			assertThat(group.topics()).containsExactly("user.", "order. ");
			assertThat(group.createdAt()).isEqualTo(5);
		});
	}

	@Test
	void aNewGroupGetsTheRetainedMessagesOfItsTopicsPublishedSinceItsStart() {
		addGroups("email");
		publish("m1", 1, "email");
		this.store.publish(new TopicMessage("m2", "events", "order.placed", Map.of(), new byte[0], 2, 100),
				List.of("email"));
		this.store.publish(new TopicMessage("m3", "events", "user.registered", Map.of(), new byte[0], 3, 150),
				List.of("email"));

		this.store.addGroup("events", new TopicGroup("audit", List.of("user."), 200), 0);
		this.store.addGroup("events", new TopicGroup("late", List.of(), 200), 101);

		assertThat(this.store.claim("events", "audit", 1000, 10, 5000))
			.extracting((delivery) -> delivery.message().messageId())
			.containsExactly("m1", "m3");
		// Published at 100, 100 and 150: since 101, only m3.
		assertThat(this.store.claim("events", "late", 1000, 10, 5000))
			.extracting((delivery) -> delivery.message().messageId())
			.containsExactly("m3");
	}

	@Test
	void aResetMovesAGroupToTheLatestOrBackToTheEarliest() {
		addGroups("email");
		publish("m1", 1, "email");
		publish("m2", 2, "email");
		this.store.claim("events", "email", 1000, 1, 5000);
		this.store.acknowledge("events", "email", Map.of("m1", 1));

		assertThat(this.store.reset("events", "email", false)).isZero();
		assertThat(this.store.claim("events", "email", 1000, 10, 5000)).isEmpty();

		assertThat(this.store.reset("events", "email", true)).isEqualTo(2);
		assertThat(this.store.claim("events", "email", 1000, 10, 5000))
			.extracting((delivery) -> delivery.message().messageId())
			.containsExactly("m1", "m2");
	}

	@Test
	void backlogSaysWhatIsPendingInFlightAndHowOld() {
		addGroups("email");
		assertThat(this.store.backlog("events", "email", 1000)).isEqualTo(GroupBacklog.NONE);
		this.store.publish(new TopicMessage("m1", "events", "t", Map.of(), new byte[0], 7, 100), List.of("email"));
		this.store.publish(new TopicMessage("m2", "events", "t", Map.of(), new byte[0], 8, 200), List.of("email"));
		this.store.claim("events", "email", 1000, 1, 5000);

		GroupBacklog backlog = this.store.backlog("events", "email", 1000);

		assertThat(backlog.pending()).isEqualTo(2);
		assertThat(backlog.inFlight()).isOne();
		assertThat(backlog.oldestCreatedAt()).isEqualTo(100);
		assertThat(backlog.oldestSeq()).isEqualTo(7);
	}

	@Test
	void retentionRemovesOldMessagesAndTheOnesBeyondTheCountPerTopicAndSaysWhatEachGroupLost() {
		addGroups("email", "sms");
		for (int i = 1; i <= 5; i++) {
			this.store.publish(new TopicMessage("a" + i, "events", "a", Map.of(), new byte[0], i, 100L * i),
					List.of("email", "sms"));
		}
		this.store.publish(new TopicMessage("b1", "events", "b", Map.of(), new byte[0], 6, 600), List.of("email"));
		this.store.claim("events", "sms", 1000, 10, 5000);
		this.store.acknowledge("events", "sms", Map.of("a1", 1, "a2", 1, "a3", 1, "a4", 1, "a5", 1));

		// Published before 200: a1. Beyond the newest 2 of topic a: a2 and a3.
		Map<String, Long> lost = this.store.expire("events", 200, 2);

		assertThat(lost).containsExactlyEntriesOf(Map.of("email", 3L));
		assertThat(this.store.claim("events", "email", 1000, 10, 5000))
			.extracting((delivery) -> delivery.message().messageId())
			.containsExactly("a4", "a5", "b1");
		this.store.addGroup("events", new TopicGroup("audit", List.of(), 700), 0);
		assertThat(this.store.claim("events", "audit", 1000, 10, 5000)).hasSize(3);
	}

	@Test
	void membersClaimingAtOnceGetDifferentMessages() throws Exception {
		addGroups("email");
		for (int i = 0; i < 200; i++) {
			publish("m" + i, i, "email");
		}
		int members = 4;
		CyclicBarrier start = new CyclicBarrier(members);
		ExecutorService pool = Executors.newFixedThreadPool(members);
		try {
			List<Future<List<String>>> claims = new ArrayList<>();
			for (int i = 0; i < members; i++) {
				claims.add(pool.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					List<String> mine = new ArrayList<>();
					for (int round = 0; round < 20; round++) {
						this.store.claim("events", "email", 1000, 10, 100_000)
							.forEach((delivery) -> mine.add(delivery.message().messageId()));
					}
					return mine;
				}));
			}
			List<String> all = new ArrayList<>();
			for (Future<List<String>> claim : claims) {
				all.addAll(claim.get(20, TimeUnit.SECONDS));
			}
			assertThat(all).hasSize(200).doesNotHaveDuplicates();
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void addGroups(String... groups) {
		for (String group : groups) {
			this.store.addGroup("events", new TopicGroup(group, List.of(), 0), 0);
		}
	}

	private void publish(String id, long seq, String... groups) {
		this.store.publish(new TopicMessage(id, "events", "user.registered", Map.of(), new byte[0], seq, 100),
				List.of(groups));
	}

}
