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
 * What every {@link DeadLetterStore} must do, run against each implementation by a
 * subclass.
 */
@Timeout(30)
abstract class DeadLetterStoreContractTests {

	protected DeadLetterStore store;

	/** Creates the store under test, empty; called before each test. */
	protected abstract DeadLetterStore createStore();

	@BeforeEach
	void createEmptyStore() {
		this.store = createStore();
	}

	@Test
	void savedDeadLetterIsFoundWithEverythingItWasSavedWith() {
		this.store.save(new DeadLetter("orders.handle", "m1", Map.of("type", "order"), "payload".getBytes(),
				"java.lang.IllegalStateException: out of stock", 5, 1000));

		assertThat(this.store.find("orders.handle", "m1")).hasValueSatisfying((deadLetter) -> {
			assertThat(deadLetter.listenerId()).isEqualTo("orders.handle");
			assertThat(deadLetter.messageId()).isEqualTo("m1");
			assertThat(deadLetter.headers()).containsExactlyEntriesOf(Map.of("type", "order"));
			assertThat(deadLetter.payload()).isEqualTo("payload".getBytes());
			assertThat(deadLetter.error()).isEqualTo("java.lang.IllegalStateException: out of stock");
			assertThat(deadLetter.attempts()).isEqualTo(5);
			assertThat(deadLetter.failedAt()).isEqualTo(1000);
		});
		assertThat(this.store.find("orders.handle", "m2")).isEmpty();
		assertThat(this.store.find("audit.record", "m1")).isEmpty();
	}

	@Test
	void savingTheSameMessageAgainReplacesTheDeadLetter() {
		this.store.save(deadLetter("orders.handle", "m1", 1000));

		this.store.save(new DeadLetter("orders.handle", "m1", Map.of("retry", "yes"), "second".getBytes(),
				"second failure", 9, 2000));

		assertThat(this.store.count()).isOne();
		assertThat(this.store.find("orders.handle", "m1")).hasValueSatisfying((deadLetter) -> {
			assertThat(deadLetter.headers()).containsExactlyEntriesOf(Map.of("retry", "yes"));
			assertThat(deadLetter.payload()).isEqualTo("second".getBytes());
			assertThat(deadLetter.error()).isEqualTo("second failure");
			assertThat(deadLetter.attempts()).isEqualTo(9);
			assertThat(deadLetter.failedAt()).isEqualTo(2000);
		});
	}

	@Test
	void listGivesTheOldestFirstUpToTheLimit() {
		this.store.save(deadLetter("orders.handle", "newest", 3000));
		this.store.save(deadLetter("audit.record", "oldest", 1000));
		this.store.save(deadLetter("orders.handle", "middle", 2000));

		assertThat(this.store.list(null, 10)).extracting(DeadLetter::messageId)
			.containsExactly("oldest", "middle", "newest");
		assertThat(this.store.list(null, 2)).extracting(DeadLetter::messageId).containsExactly("oldest", "middle");
		assertThat(this.store.list(null, 0)).isEmpty();
	}

	@Test
	void listFiltersByListener() {
		this.store.save(deadLetter("orders.handle", "m3", 3000));
		this.store.save(deadLetter("audit.record", "m1", 1000));
		this.store.save(deadLetter("orders.handle", "m2", 2000));
		this.store.save(deadLetter("orders.handle", "m4", 4000));

		assertThat(this.store.list("orders.handle", 10)).extracting(DeadLetter::messageId)
			.containsExactly("m2", "m3", "m4");
		assertThat(this.store.list("orders.handle", 1)).extracting(DeadLetter::messageId).containsExactly("m2");
		assertThat(this.store.list("audit.record", 10)).extracting(DeadLetter::messageId).containsExactly("m1");
		assertThat(this.store.list("unknown", 10)).isEmpty();
	}

	@Test
	void deleteRemovesOneDeadLetterAndSaysWhetherItExisted() {
		this.store.save(deadLetter("orders.handle", "m1", 1000));
		this.store.save(deadLetter("audit.record", "m1", 1000));

		assertThat(this.store.delete("orders.handle", "m1")).isTrue();
		assertThat(this.store.delete("orders.handle", "m1")).isFalse();

		assertThat(this.store.find("orders.handle", "m1")).isEmpty();
		assertThat(this.store.find("audit.record", "m1")).isPresent();
	}

	@Test
	void countCountsTheDeadLettersOfAllListeners() {
		assertThat(this.store.count()).isZero();
		this.store.save(deadLetter("orders.handle", "m1", 1000));
		this.store.save(deadLetter("orders.handle", "m2", 1000));
		this.store.save(deadLetter("audit.record", "m1", 1000));

		assertThat(this.store.count()).isEqualTo(3);
	}

	@Test
	void headersWithQuotesBackslashesUnicodeAndNewlinesRoundTrip() {
		Map<String, String> headers = StoreTestData.awkwardHeaders();
		this.store.save(new DeadLetter("orders.handle", "m1", headers, new byte[] { 1 }, "error", 1, 1000));

		assertThat(this.store.find("orders.handle", "m1")).hasValueSatisfying(
				(deadLetter) -> assertThat(deadLetter.headers()).containsExactlyInAnyOrderEntriesOf(headers));
	}

	@Test
	void everyByteValueOfThePayloadRoundTrips() {
		this.store
			.save(new DeadLetter("orders.handle", "m1", Map.of(), StoreTestData.allByteValues(), "error", 1, 1000));

		assertThat(this.store.find("orders.handle", "m1")).hasValueSatisfying(
				(deadLetter) -> assertThat(deadLetter.payload()).isEqualTo(StoreTestData.allByteValues()));
		assertThat(this.store.list("orders.handle", 1)).singleElement()
			.satisfies((deadLetter) -> assertThat(deadLetter.payload()).isEqualTo(StoreTestData.allByteValues()));
	}

	@Test
	void deadLetterWithoutPayloadOrErrorIsKept() {
		this.store.save(new DeadLetter("orders.handle", "m1", Map.of(), null, null, 1, 1000));

		assertThat(this.store.find("orders.handle", "m1")).hasValueSatisfying((deadLetter) -> {
			assertThat(deadLetter.payload()).isNull();
			assertThat(deadLetter.error()).isNull();
		});
	}

	@Test
	void changingThePayloadArrayAfterSavingDoesNotChangeTheDeadLetter() {
		byte[] payload = "original".getBytes();
		this.store.save(new DeadLetter("orders.handle", "m1", Map.of(), payload, "error", 1, 1000));
		payload[0] = 'X';
		this.store.find("orders.handle", "m1").orElseThrow().payload()[1] = 'Y';

		assertThat(this.store.find("orders.handle", "m1").orElseThrow().payload()).isEqualTo("original".getBytes());
	}

	@Test
	void twoThreadsSavingTheSameDeadLetterAtOnceLeaveOne() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 20; round++) {
				String messageId = "m" + round;
				CyclicBarrier together = new CyclicBarrier(2);
				List<Future<?>> saves = new ArrayList<>();
				for (int attempts = 1; attempts <= 2; attempts++) {
					DeadLetter deadLetter = new DeadLetter("orders.handle", messageId, Map.of(), new byte[0], "e",
							attempts, 1000);
					saves.add(threads.submit(() -> {
						together.await(10, TimeUnit.SECONDS);
						this.store.save(deadLetter);
						return null;
					}));
				}
				for (Future<?> save : saves) {
					save.get(10, TimeUnit.SECONDS);
				}
				assertThat(this.store.find("orders.handle", messageId)).map(DeadLetter::attempts)
					.hasValueSatisfying((attempts) -> assertThat(attempts).isBetween(1, 2));
			}
			assertThat(this.store.count()).isEqualTo(20);
		}
		finally {
			threads.shutdown();
		}
	}

	static DeadLetter deadLetter(String listenerId, String messageId, long failedAt) {
		return new DeadLetter(listenerId, messageId, Map.of("id", messageId), messageId.getBytes(),
				"failure of " + messageId, 3, failedAt);
	}

}
