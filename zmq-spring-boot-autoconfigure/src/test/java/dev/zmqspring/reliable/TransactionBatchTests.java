package dev.zmqspring.reliable;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An at-least-once listener processes the messages that arrived together in one
 * transaction ({@code zmq.reliable.transaction-batch-size}): fewer commits than messages,
 * each message's work done once, and a failing message rolls back the batch and is then
 * handled on its own, its attempts counted as without batches.
 */
@Timeout(60)
class TransactionBatchTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				ZmqAutoConfiguration.class))
		.withUserConfiguration(Inventory.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:batches-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"zmq.endpoints.orders-out.type=DEALER", "zmq.endpoints.orders-out.delivery=at-least-once",
				"zmq.endpoints.orders-out.connect=inproc://batched-orders", "zmq.endpoints.orders-in.type=ROUTER",
				"zmq.endpoints.orders-in.delivery=at-least-once",
				"zmq.endpoints.orders-in.bind=inproc://batched-orders", "zmq.reliable.ack-timeout=2s",
				"zmq.reliable.initial-backoff=20ms", "zmq.reliable.max-backoff=200ms", "zmq.reliable.max-attempts=3",
				"zmq.reliable.poll-interval=100ms");

	@Test
	void messagesThatArriveTogetherAreProcessedInFewerTransactionsThanMessages() {
		this.runner.run((context) -> {
			sendWhileInventoryIsDown(context, 300, null);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(TIMEOUT).until(() -> effects(jdbc) == 300);
			ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
			await().atMost(TIMEOUT).until(() -> registry.outboxDepth("orders-out") == 0);
			assertThat(distinctEffects(jdbc)).isEqualTo(300);
			Inventory inventory = context.getBean(Inventory.class);
			assertThat(inventory.commits.get()).as("commits of the listener's transactions").isLessThan(300);
			assertThat(inventory.calls.get()).as("listener calls").isEqualTo(300);
			// What the sender sent while the listener was stopping may time out and go
			// again: acknowledged as a duplicate, not processed twice.
			ReliableStatistics inventoryStatistics = registry.statistics("inventory");
			assertThat(inventoryStatistics.getAcknowledgements() - inventoryStatistics.getDuplicates()).isEqualTo(300);
			assertThat(registry.statistics("orders-out").getAcknowledgements()).isEqualTo(300);
		});
	}

	@Test
	void aFailingMessageRollsBackItsBatchAndTheOthersAreAppliedOnce() {
		this.runner.run((context) -> {
			sendWhileInventoryIsDown(context, 100, "poison");
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			DeadLetterService deadLetters = context.getBean(DeadLetterService.class);
			await().atMost(TIMEOUT).until(() -> deadLetters.count() == 1);
			await().atMost(TIMEOUT).until(() -> effects(jdbc) == 100);
			ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
			await().atMost(TIMEOUT).until(() -> registry.outboxDepth("orders-out") == 0);
			// The work of the batch the poison message rolled back is not there twice.
			assertThat(distinctEffects(jdbc)).isEqualTo(100);
			DeadLetter letter = deadLetters.list(null, 10).get(0);
			assertThat(new String(letter.payload())).isEqualTo("poison");
			// Attempts counted as without batches: a rolled-back batch is not a failure.
			assertThat(letter.attempts()).isEqualTo(3);
			// Called once an attempt, and once more for each attempt it failed amid a
			// batch (not first in it, its failure might have come from an earlier
			// message's work: tried alone, it failed again).
			assertThat(context.getBean(Inventory.class).poisonCalls.get()).isBetween(3, 6);
			ReliableStatistics inventoryStatistics = registry.statistics("inventory");
			assertThat(inventoryStatistics.getAcknowledgements() - inventoryStatistics.getDuplicates()).isEqualTo(101);
		});
	}

	@Test
	void theThreadsOfAListenerTakeWhatWaitsForThemInOneTransaction() {
		this.runner.withPropertyValues("inventory.concurrency=4").run((context) -> {
			sendWhileInventoryIsDown(context, 300, "poison");
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			DeadLetterService deadLetters = context.getBean(DeadLetterService.class);
			await().atMost(TIMEOUT).until(() -> effects(jdbc) == 300 && deadLetters.count() == 1);
			ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
			await().atMost(TIMEOUT).until(() -> registry.outboxDepth("orders-out") == 0);
			assertThat(distinctEffects(jdbc)).isEqualTo(300);
			assertThat(deadLetters.list(null, 10).get(0).attempts()).isEqualTo(3);
			assertThat(context.getBean(Inventory.class).poisonCalls.get()).isBetween(3, 6);
			assertThat(context.getBean(Inventory.class).commits.get()).as("commits of the listener's transactions")
				.isLessThan(300);
		});
	}

	@Test
	void aListenerThatTakesLongerThanATransactionHoldsGetsATransactionPerMessage() {
		this.runner.withPropertyValues("inventory.work-ms=60").run((context) -> {
			sendWhileInventoryIsDown(context, 8, null);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(TIMEOUT).until(() -> effects(jdbc) == 8);
			// 60 ms a message, where a transaction holds about 50 ms of work.
			assertThat(context.getBean(Inventory.class).commits.get()).isEqualTo(8);
		});
	}

	@Test
	void aMessageThatFailsAfterOthersInItsTransactionIsTriedAloneBeforeItCountsAsFailed() {
		this.runner.withPropertyValues("zmq.reliable.max-attempts=1").run((context) -> {
			ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
			listeners.getListenerContainer("inventory").stop();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			for (int i = 0; i < 200; i++) {
				template.convertAndSend("orders-out", (i % 40 == 20) ? "needs-alone-" + i : "order-" + i);
			}
			listeners.getListenerContainer("inventory").start();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			DeadLetterService deadLetters = context.getBean(DeadLetterService.class);
			await().atMost(TIMEOUT).until(() -> effects(jdbc) + deadLetters.count() == 200);
			// With one attempt allowed, a failure counted against them would have
			// dead-lettered them.
			assertThat(deadLetters.count()).isZero();
			assertThat(distinctEffects(jdbc)).isEqualTo(200);
			assertThat(context.getBean(Inventory.class).needsAloneCalls.get()).as("calls of the five").isGreaterThan(5);
		});
	}

	@Test
	void aBatchSizeOfOneGivesEveryMessageATransactionOfItsOwn() {
		this.runner.withPropertyValues("zmq.reliable.transaction-batch-size=1").run((context) -> {
			sendWhileInventoryIsDown(context, 100, null);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(TIMEOUT).until(() -> effects(jdbc) == 100);
			assertThat(context.getBean(Inventory.class).commits.get()).isEqualTo(100);
		});
	}

	@Test
	void aBatchSizeBelowOneFailsStartupAndSaysWhatToSet() {
		this.runner.withPropertyValues("zmq.reliable.transaction-batch-size=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zmq.reliable.transaction-batch-size must be at least 1")
				.hasMessageContaining("set 1 for a transaction per message");
		});
	}

	/**
	 * Stores the messages in the outbox while the listener is stopped, so that they
	 * arrive together when it starts; with a poison message halfway, when given.
	 */
	private static void sendWhileInventoryIsDown(AssertableApplicationContext context, int count, String poison) {
		ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
		listeners.getListenerContainer("inventory").stop();
		ZmqTemplate template = context.getBean(ZmqTemplate.class);
		for (int i = 0; i < count; i++) {
			if (poison != null && i == count / 2) {
				// Amid the others, so that it is in a batch of several.
				template.convertAndSend("orders-out", poison);
			}
			template.convertAndSend("orders-out", "order-" + i);
		}
		listeners.getListenerContainer("inventory").start();
	}

	private static int effects(JdbcTemplate jdbc) {
		Integer count = jdbc.queryForObject("select count(*) from effects", Integer.class);
		return (count != null) ? count : 0;
	}

	private static int distinctEffects(JdbcTemplate jdbc) {
		Integer count = jdbc.queryForObject("select count(distinct order_id) from effects", Integer.class);
		return (count != null) ? count : 0;
	}

	@Configuration(proxyBeanMethods = false)
	static class Inventory {

		private static final Object IN_TRANSACTION = new Object();

		final AtomicInteger commits = new AtomicInteger();

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger poisonCalls = new AtomicInteger();

		final AtomicInteger needsAloneCalls = new AtomicInteger();

		final Set<String> seen = ConcurrentHashMap.newKeySet();

		private final JdbcTemplate jdbc;

		private final long workMillis;

		Inventory(JdbcTemplate jdbc, @Value("${inventory.work-ms:0}") long workMillis) {
			this.jdbc = jdbc;
			this.workMillis = workMillis;
			jdbc.execute("create table if not exists effects (order_id varchar(100))");
		}

		@ZmqListener(id = "inventory", endpoint = "orders-in", idempotent = "true",
				concurrency = "${inventory.concurrency:1}")
		void reserve(String orderId) throws InterruptedException {
			boolean shared = TransactionSynchronizationManager.hasResource(IN_TRANSACTION);
			countTransaction();
			if (orderId.startsWith("needs-alone")) {
				this.needsAloneCalls.incrementAndGet();
				if (shared) {
					// Stands in for a failure caused by an earlier message's work in the
					// same transaction (a flush, an aborted PostgreSQL transaction).
					throw new IllegalStateException("the transaction was broken before " + orderId);
				}
			}
			if (orderId.equals("poison")) {
				this.poisonCalls.incrementAndGet();
				throw new IllegalArgumentException("cannot reserve poison");
			}
			this.calls.incrementAndGet();
			if (this.workMillis > 0) {
				// Stands in for work that takes this long (a mail server's answer, say).
				Thread.sleep(this.workMillis);
			}
			this.jdbc.update("insert into effects (order_id) values (?)", orderId);
		}

		/** Counts each transaction the listener runs in once, when it commits. */
		private void countTransaction() {
			if (TransactionSynchronizationManager.hasResource(IN_TRANSACTION)) {
				return;
			}
			TransactionSynchronizationManager.bindResource(IN_TRANSACTION, Boolean.TRUE);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResource(IN_TRANSACTION);
					if (status == STATUS_COMMITTED) {
						Inventory.this.commits.incrementAndGet();
					}
				}

			});
		}

	}

}
