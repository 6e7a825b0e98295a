package dev.zmqspring.reliable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ProcessedMessageStore} must do, run against each implementation by a
 * subclass.
 */
@Timeout(30)
abstract class ProcessedMessageStoreContractTests {

	protected ProcessedMessageStore store;

	protected final ExecutorService threads = Executors.newFixedThreadPool(2);

	/** Creates the store under test, empty; called before each test. */
	protected abstract ProcessedMessageStore createStore();

	/**
	 * Runs work as a listener does: in a transaction of its own where the store has
	 * transactions.
	 */
	protected <T> T inListenerTransaction(Supplier<T> work) {
		return work.get();
	}

	@BeforeEach
	void createEmptyStore() {
		this.store = createStore();
	}

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.threads.shutdown();
		assertThat(this.threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void firstMarkIsNewAndARedeliveryIsRecognised() {
		assertThat(this.store.markProcessed("orders.handle", "m1", 100)).isTrue();
		assertThat(this.store.markProcessed("orders.handle", "m1", 200)).isFalse();
		assertThat(this.store.markProcessed("orders.handle", "m2", 200)).isTrue();
	}

	@Test
	void eachListenerProcessesTheSameMessageOnce() {
		assertThat(this.store.markProcessed("orders.handle", "m1", 100)).isTrue();
		assertThat(this.store.markProcessed("audit.record", "m1", 100)).isTrue();
		assertThat(this.store.markProcessed("audit.record", "m1", 100)).isFalse();
	}

	@Test
	void unmarkedMessageIsProcessedAgainOnRedelivery() {
		this.store.markProcessed("orders.handle", "m1", 100);

		this.store.unmark("orders.handle", "m1");
		this.store.unmark("orders.handle", "unknown");

		assertThat(this.store.markProcessed("orders.handle", "m1", 200)).isTrue();
	}

	@Test
	void purgeForgetsOnlyMarksOlderThanTheCutoff() {
		this.store.markProcessed("orders.handle", "old", 100);
		this.store.markProcessed("audit.record", "old", 150);
		this.store.markProcessed("orders.handle", "atCutoff", 200);
		this.store.markProcessed("orders.handle", "recent", 300);

		assertThat(this.store.purgeOlderThan(200)).isEqualTo(2);

		assertThat(this.store.markProcessed("orders.handle", "old", 400)).isTrue();
		assertThat(this.store.markProcessed("audit.record", "old", 400)).isTrue();
		assertThat(this.store.markProcessed("orders.handle", "atCutoff", 400)).isFalse();
		assertThat(this.store.markProcessed("orders.handle", "recent", 400)).isFalse();
		assertThat(this.store.purgeOlderThan(200)).isZero();
	}

	@Test
	void twoThreadsMarkingTheSameMessageAtOnceGetExactlyOneTrue() throws Exception {
		for (int round = 0; round < 20; round++) {
			String messageId = "m" + round;
			CyclicBarrier together = new CyclicBarrier(2);
			Callable<Boolean> mark = () -> inListenerTransaction(() -> {
				awaitQuietly(together);
				return this.store.markProcessed("orders.handle", messageId, 100);
			});
			Future<Boolean> first = this.threads.submit(mark);
			Future<Boolean> second = this.threads.submit(mark);

			List<Boolean> results = new ArrayList<>();
			results.add(first.get(10, TimeUnit.SECONDS));
			results.add(second.get(10, TimeUnit.SECONDS));
			assertThat(results).as("round %d", round).containsExactlyInAnyOrder(true, false);
		}
	}

	private static void awaitQuietly(CyclicBarrier barrier) {
		try {
			barrier.await(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
