package dev.zmqspring.reliable;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The processed message contract on a database, and what only a database gives: the mark
 * commits or rolls back with the listener's transaction.
 */
@Timeout(30)
class JdbcProcessedMessageStoreTests extends ProcessedMessageStoreContractTests {

	protected TestDatabase database;

	/** Opens the database of one test. */
	protected TestDatabase openDatabase() {
		return TestDatabase.h2();
	}

	@Override
	protected ProcessedMessageStore createStore() {
		this.database = openDatabase();
		return new JdbcProcessedMessageStore(this.database.jdbcTemplate(), this.database.prefix());
	}

	@Override
	protected <T> T inListenerTransaction(Supplier<T> work) {
		return this.database.transactions().execute((status) -> work.get());
	}

	@AfterEach
	void closeDatabase() {
		this.database.close();
	}

	@Test
	void marksJoinTheListenersTransaction() {
		assertThat(this.store.isTransactional()).isTrue();
	}

	@Test
	void markOfAListenerWhoseTransactionRollsBackIsForgotten() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.database.transactions().executeWithoutResult((status) -> {
				assertThat(this.store.markProcessed("orders.handle", "m1", 100)).isTrue();
				throw new IllegalStateException("listener failed");
			}));

		assertThat(this.store.markProcessed("orders.handle", "m1", 200)).isTrue();
	}

	@Test
	void redeliveryInTheSameTransactionAfterADuplicateKeepsTheTransactionUsable() {
		this.store.markProcessed("orders.handle", "m1", 100);

		boolean committedWork = Boolean.TRUE.equals(this.database.transactions().execute((status) -> {
			assertThat(this.store.markProcessed("orders.handle", "m1", 200)).isFalse();
			// The listener's own work after the duplicate still runs and commits.
			return this.store.markProcessed("orders.handle", "m2", 200);
		}));

		assertThat(committedWork).isTrue();
		assertThat(this.store.markProcessed("orders.handle", "m2", 300)).isFalse();
	}

	@Test
	void redeliveryWaitsForAnUncommittedMarkAndSkipsOnceItCommits() throws Exception {
		assertThat(markWhileAnotherTransactionHoldsTheMark(true)).isFalse();
	}

	@Test
	void redeliveryWaitsForAnUncommittedMarkAndProcessesOnceItRollsBack() throws Exception {
		assertThat(markWhileAnotherTransactionHoldsTheMark(false)).isTrue();
	}

	private boolean markWhileAnotherTransactionHoldsTheMark(boolean firstCommits) throws Exception {
		CountDownLatch marked = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		Future<Boolean> first = this.threads.submit(() -> this.database.transactions().execute((status) -> {
			boolean result = this.store.markProcessed("orders.handle", "m1", 100);
			marked.countDown();
			awaitQuietly(finish);
			if (!firstCommits) {
				status.setRollbackOnly();
			}
			return result;
		}));
		assertThat(marked.await(10, TimeUnit.SECONDS)).isTrue();
		Future<Boolean> second = this.threads
			.submit(() -> inListenerTransaction(() -> this.store.markProcessed("orders.handle", "m1", 200)));
		// The second transaction must be waiting on the first one's row lock before the
		// first one ends.
		await().atMost(Duration.ofSeconds(10)).until(this.database::hasBlockedSession);
		finish.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
		return second.get(10, TimeUnit.SECONDS);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
