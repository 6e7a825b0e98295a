package dev.zmqspring.reliable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link OutboxStore} must do, run against each implementation by a subclass.
 */
@Timeout(30)
abstract class OutboxStoreContractTests {

	protected OutboxStore store;

	/** Creates the store under test, empty; called before each test. */
	protected abstract OutboxStore createStore();

	@BeforeEach
	void createEmptyStore() {
		this.store = createStore();
	}

	@Test
	void savedMessageIsFoundOnceDueWithEverythingItWasSavedWith() {
		this.store.save(new OutboxMessage("m1", "orders", Map.of("type", "order"), "hello".getBytes(), 100, 0, 1000));

		assertThat(this.store.findDue("orders", 999, 10)).isEmpty();
		assertThat(this.store.findDue("orders", 1000, 10)).singleElement().satisfies((message) -> {
			assertThat(message.messageId()).isEqualTo("m1");
			assertThat(message.endpoint()).isEqualTo("orders");
			assertThat(message.headers()).containsExactlyEntriesOf(Map.of("type", "order"));
			assertThat(message.payload()).isEqualTo("hello".getBytes());
			assertThat(message.createdAt()).isEqualTo(100);
			assertThat(message.attempts()).isZero();
			assertThat(message.nextAttemptAt()).isEqualTo(1000);
		});
	}

	@Test
	void findDueReturnsOnlyTheMessagesOfTheEndpoint() {
		this.store.save(message("m1", "orders", 100, 100));
		this.store.save(message("m2", "invoices", 100, 100));

		assertThat(this.store.findDue("orders", 1000, 10)).extracting(OutboxMessage::messageId).containsExactly("m1");
		assertThat(this.store.findDue("invoices", 1000, 10)).extracting(OutboxMessage::messageId).containsExactly("m2");
		assertThat(this.store.findDue("unknown", 1000, 10)).isEmpty();
	}

	@Test
	void dueMessagesComeByDueTimeThenCreationTimeUpToTheLimit() {
		this.store.save(message("late", "orders", 10, 500));
		this.store.save(message("second", "orders", 20, 200));
		this.store.save(message("first", "orders", 30, 100));
		this.store.save(message("third", "orders", 40, 200));
		this.store.save(message("notDue", "orders", 1, 2000));

		assertThat(this.store.findDue("orders", 1000, 10)).extracting(OutboxMessage::messageId)
			.containsExactly("first", "second", "third", "late");
		assertThat(this.store.findDue("orders", 1000, 2)).extracting(OutboxMessage::messageId)
			.containsExactly("first", "second");
		assertThat(this.store.findDue("orders", 1000, 0)).isEmpty();
	}

	@Test
	void rescheduledMessageCountsItsAttemptsAndIsDueAgainOnlyLater() {
		this.store.save(message("m1", "orders", 100, 100));

		this.store.reschedule("m1", 1, 5000);

		assertThat(this.store.findDue("orders", 4999, 10)).isEmpty();
		assertThat(this.store.findDue("orders", 5000, 10)).singleElement().satisfies((message) -> {
			assertThat(message.attempts()).isEqualTo(1);
			assertThat(message.nextAttemptAt()).isEqualTo(5000);
			assertThat(message.payload()).isEqualTo("m1".getBytes());
		});
	}

	@Test
	void reschedulingAnAcknowledgedMessageDoesNotBringItBack() {
		this.store.save(message("m1", "orders", 100, 100));
		this.store.delete(List.of("m1"));

		this.store.reschedule("m1", 1, 200);

		assertThat(this.store.findDue("orders", 1000, 10)).isEmpty();
		assertThat(this.store.count("orders")).isZero();
	}

	@Test
	void deleteRemovesOnlyTheAcknowledgedMessages() {
		this.store.save(message("m1", "orders", 100, 100));
		this.store.save(message("m2", "orders", 100, 100));
		this.store.save(message("m3", "orders", 100, 100));

		this.store.delete(List.of("m1", "m3", "unknown"));
		this.store.delete(List.of());

		assertThat(this.store.findDue("orders", 1000, 10)).extracting(OutboxMessage::messageId).containsExactly("m2");
	}

	@Test
	void deleteRemovesMoreMessagesThanOneBatch() {
		int total = JdbcOutboxStore.DELETE_BATCH_SIZE * 2 + 2;
		IntStream.range(0, total).forEach((i) -> this.store.save(message("m" + i, "orders", i, 100)));
		List<String> acknowledged = new ArrayList<>();
		IntStream.range(0, total - 1).forEach((i) -> acknowledged.add("m" + i));

		this.store.delete(acknowledged);

		assertThat(this.store.count("orders")).isOne();
		assertThat(this.store.findDue("orders", 1000, 10)).extracting(OutboxMessage::messageId)
			.containsExactly("m" + (total - 1));
	}

	@Test
	void countIsTheOutboxDepthOfOneEndpoint() {
		assertThat(this.store.count("orders")).isZero();
		this.store.save(message("m1", "orders", 100, 100));
		this.store.save(message("m2", "orders", 100, 9000));
		this.store.save(message("m3", "invoices", 100, 100));

		assertThat(this.store.count("orders")).isEqualTo(2);
		assertThat(this.store.count("invoices")).isOne();
	}

	@Test
	void claimedMessagesCountTheAttemptAndAreNotDueAgainUntilTheirLeaseEnds() {
		this.store.save(message("first", "orders", 10, 100));
		this.store.save(message("second", "orders", 20, 200));
		this.store.save(message("notDue", "orders", 30, 5000));
		this.store.save(message("otherEndpoint", "invoices", 40, 100));

		assertThat(this.store.claimDue("orders", 1000, 10, (attempt) -> 3000 + attempt))
			.extracting(OutboxMessage::messageId, OutboxMessage::attempts, OutboxMessage::nextAttemptAt)
			.containsExactly(tuple("first", 1, 3001L), tuple("second", 1, 3001L));
		assertThat(this.store.claimDue("orders", 1000, 10, (attempt) -> 3000 + attempt)).isEmpty();
		assertThat(this.store.findDue("orders", 3000, 10)).isEmpty();
		assertThat(this.store.findDue("orders", 3001, 10)).extracting(OutboxMessage::messageId, OutboxMessage::attempts)
			.containsExactly(tuple("first", 1), tuple("second", 1));
		assertThat(this.store.claimDue("orders", 3001, 1, (attempt) -> 9000 + attempt)).singleElement()
			.satisfies((message) -> {
				assertThat(message.messageId()).isEqualTo("first");
				assertThat(message.attempts()).isEqualTo(2);
				assertThat(message.payload()).isEqualTo("first".getBytes());
				assertThat(message.headers()).containsExactlyEntriesOf(Map.of("id", "first"));
			});
		assertThat(this.store.claimDue("orders", 1000, 0, (attempt) -> 0)).isEmpty();
		assertThat(this.store.findDue("invoices", 1000, 10)).extracting(OutboxMessage::attempts).containsExactly(0);
	}

	@Test
	void aLateRescheduleDoesNotShortenAnotherSendersClaim() {
		this.store.save(message("m1", "orders", 10, 100));
		assertThat(this.store.claimDue("orders", 1000, 10, (attempt) -> 2000)).hasSize(1);
		// Another sender claims it once the first claim ended...
		assertThat(this.store.claimDue("orders", 2000, 10, (attempt) -> 9000)).singleElement()
			.satisfies((message) -> assertThat(message.attempts()).isEqualTo(2));
		// ...and the first sender's timeout, applied late, changes nothing.
		this.store.reschedule("m1", 1, 2100);
		assertThat(this.store.findDue("orders", 8999, 10)).isEmpty();
		assertThat(this.store.findDue("orders", 9000, 10)).extracting(OutboxMessage::attempts).containsExactly(2);
		// The holder of the claim reschedules it as usual.
		this.store.reschedule("m1", 2, 3000);
		assertThat(this.store.findDue("orders", 3000, 10)).extracting(OutboxMessage::attempts).containsExactly(2);
	}

	@Test
	void sendersClaimingAtOnceTakeEachMessageOnce() throws Exception {
		int messages = 400;
		for (int i = 0; i < messages; i++) {
			this.store.save(message(String.format("m%04d", i), "orders", i, 100));
		}
		int senders = 4;
		ExecutorService pool = Executors.newFixedThreadPool(senders);
		try {
			CyclicBarrier start = new CyclicBarrier(senders);
			List<Future<List<String>>> claims = new ArrayList<>();
			for (int sender = 0; sender < senders; sender++) {
				claims.add(pool.submit(() -> {
					start.await();
					List<String> mine = new ArrayList<>();
					List<OutboxMessage> batch;
					do {
						batch = this.store.claimDue("orders", 1000, 25, (attempt) -> 60_000);
						batch.forEach((message) -> mine.add(message.messageId()));
					}
					while (!batch.isEmpty() || !this.store.findDue("orders", 1000, 1).isEmpty());
					return mine;
				}));
			}
			List<String> all = new ArrayList<>();
			for (Future<List<String>> claim : claims) {
				all.addAll(claim.get(20, TimeUnit.SECONDS));
			}
			assertThat(all).hasSize(messages).doesNotHaveDuplicates();
			assertThat(this.store.findDue("orders", 60_000, messages + 1)).hasSize(messages)
				.allSatisfy((message) -> assertThat(message.attempts()).isEqualTo(1));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void headersWithQuotesBackslashesUnicodeAndNewlinesRoundTrip() {
		Map<String, String> headers = StoreTestData.awkwardHeaders();
		this.store.save(new OutboxMessage("m1", "orders", headers, new byte[] { 1 }, 100, 0, 100));

		assertThat(this.store.findDue("orders", 100, 1)).singleElement()
			.satisfies((message) -> assertThat(message.headers()).containsExactlyInAnyOrderEntriesOf(headers));
	}

	@Test
	void everyByteValueOfThePayloadRoundTrips() {
		byte[] payload = StoreTestData.allByteValues();
		this.store.save(new OutboxMessage("m1", "orders", Map.of(), payload, 100, 0, 100));

		assertThat(this.store.findDue("orders", 100, 1)).singleElement()
			.satisfies((message) -> assertThat(message.payload()).isEqualTo(StoreTestData.allByteValues()));
	}

	@Test
	void emptyPayloadAndNoHeadersRoundTrip() {
		this.store.save(new OutboxMessage("m1", "orders", Map.of(), new byte[0], 100, 0, 100));

		assertThat(this.store.findDue("orders", 100, 1)).singleElement().satisfies((message) -> {
			assertThat(message.payload()).isEmpty();
			assertThat(message.headers()).isEmpty();
		});
	}

	@Test
	void changingThePayloadArrayAfterSavingDoesNotChangeTheStoredMessage() {
		byte[] payload = "original".getBytes();
		this.store.save(new OutboxMessage("m1", "orders", Map.of(), payload, 100, 0, 100));
		payload[0] = 'X';
		this.store.findDue("orders", 100, 1).get(0).payload()[1] = 'Y';

		assertThat(this.store.findDue("orders", 100, 1).get(0).payload()).isEqualTo("original".getBytes());
	}

	@Test
	void savingASecondMessageWithTheSameIdIsRefusedAndKeepsTheFirst() {
		this.store.save(message("m1", "orders", 100, 100));

		assertThatRuntimeException().isThrownBy(() -> this.store.save(message("m1", "invoices", 200, 200)));

		assertThat(this.store.findDue("orders", 1000, 10)).extracting(OutboxMessage::messageId).containsExactly("m1");
		assertThat(this.store.count("invoices")).isZero();
	}

	static OutboxMessage message(String id, String endpoint, long createdAt, long nextAttemptAt) {
		return new OutboxMessage(id, endpoint, Map.of("id", id), id.getBytes(), createdAt, 0, nextAttemptAt);
	}

}
