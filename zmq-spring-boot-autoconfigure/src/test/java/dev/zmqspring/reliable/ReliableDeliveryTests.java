package dev.zmqspring.reliable;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToLongFunction;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqListenerException;
import dev.zmqspring.reliable.publisher.OrderEvents;
import dev.zmqspring.support.ZmqMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once delivery through the H2 outbox and exactly-once processing by an
 * idempotent listener, in one JVM. The process-kill proofs are in
 * {@code ReliableDeliveryFaultTests}.
 */
@Timeout(60)
class ReliableDeliveryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				ZmqAutoConfiguration.class))
		.withUserConfiguration(Inventory.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:reliable-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"zmq.endpoints.orders-out.type=DEALER", "zmq.endpoints.orders-out.delivery=at-least-once",
				"zmq.endpoints.orders-out.connect=inproc://reliable-orders", "zmq.endpoints.orders-in.type=ROUTER",
				"zmq.endpoints.orders-in.delivery=at-least-once",
				"zmq.endpoints.orders-in.bind=inproc://reliable-orders", "zmq.reliable.ack-timeout=500ms",
				"zmq.reliable.initial-backoff=20ms", "zmq.reliable.max-backoff=200ms", "zmq.reliable.max-attempts=3",
				"zmq.reliable.poll-interval=100ms");

	@Test
	void everyMessageIsDeliveredAcknowledgedAndRemovedFromTheOutbox() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			for (int i = 0; i < 500; i++) {
				template.convertAndSend("orders-out", "order-" + i);
			}
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> effects(jdbc) == 500);
			assertThat(distinctEffects(jdbc)).isEqualTo(500);
			ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.outboxDepth("orders-out") == 0);
			assertThat(registry.statistics("orders-out").getAcknowledgements()).isEqualTo(500);
		});
	}

	@Test
	void messageStoredInATransactionThatRollsBackIsNeverSent() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));
			assertThatIllegalStateException().isThrownBy(() -> transaction.executeWithoutResult(status -> {
				template.convertAndSend("orders-out", "rolled-back");
				throw new IllegalStateException("the order could not be saved");
			}));
			transaction.executeWithoutResult(status -> template.convertAndSend("orders-out", "committed"));
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> effects(jdbc) == 1);
			// Only the committed message exists anywhere: the rolled-back one was never
			// stored, so never sent.
			assertThat(jdbc.queryForList("select order_id from effects", String.class)).containsExactly("committed");
			assertThat(context.getBean(ReliableDeliveryRegistry.class).outboxDepth("orders-out")).isZero();
		});
	}

	@Test
	void sendsSucceedWhileTheReceiverIsDownAndTheOutboxDrainsWhenItIsBack() {
		this.runner.run(context -> {
			ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
			listeners.getListenerContainer("inventory").stop();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			for (int i = 0; i < 200; i++) {
				template.convertAndSend("orders-out", "while-down-" + i);
			}
			ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
			assertThat(registry.outboxDepth("orders-out")).isEqualTo(200);
			listeners.getListenerContainer("inventory").start();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> effects(jdbc) == 200);
			assertThat(distinctEffects(jdbc)).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.outboxDepth("orders-out") == 0);
		});
	}

	@Test
	void aMessageIsResentAfterItsBackOffEvenWhenThePollIntervalIsLong() {
		this.runner
			.withPropertyValues("zmq.reliable.poll-interval=1h", "zmq.reliable.ack-timeout=300ms",
					"zmq.reliable.initial-backoff=50ms")
			.run(context -> {
				ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
				listeners.getListenerContainer("inventory").stop();
				context.getBean(ZmqTemplate.class).convertAndSend("orders-out", "retried");
				ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> registry.statistics("orders-out").getUnacknowledged() >= 1);
				listeners.getListenerContainer("inventory").start();
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				// Only the back-off schedule can send it again: nothing else wakes the
				// dispatcher for an hour.
				await().atMost(Duration.ofSeconds(10)).until(() -> effects(jdbc) == 1);
			});
	}

	@Test
	void aReceiverBackAfterAnOutageGetsWhatTimedOutWithoutWaitingForTheBackOff() {
		this.runner
			.withPropertyValues("zmq.listener.auto-startup=false", "zmq.reliable.ack-timeout=300ms",
					"zmq.reliable.initial-backoff=1m", "zmq.reliable.max-backoff=1m", "zmq.reliable.poll-interval=1s")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
				int messages = 50;
				// A receiver that takes every message and answers none, then goes away:
				// each message timed out and waits a minute for its back-off.
				ZContext zmq = context.getBean(ZContext.class);
				ZMQ.Socket blackHole = zmq.createSocket(SocketType.ROUTER);
				try {
					blackHole.setReceiveTimeOut(100);
					blackHole.bind("inproc://reliable-orders");
					for (int i = 0; i < messages; i++) {
						template.convertAndSend("orders-out", "outage-" + i);
					}
					await().atMost(Duration.ofSeconds(20)).until(() -> {
						while (blackHole.recv() != null) {
							// Swallowed.
						}
						return registry.statistics("orders-out").getUnacknowledged() >= messages;
					});
				}
				finally {
					// Released now, not when JeroMQ's reaper gets to the closed socket:
					// the
					// listener binds the address next.
					blackHole.unbind("inproc://reliable-orders");
					blackHole.close();
				}
				context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("inventory").start();
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				// One probe per poll interval would take 50 s; the first acknowledgement
				// makes every message due.
				await().atMost(Duration.ofSeconds(15)).until(() -> effects(jdbc) == messages);
				assertThat(distinctEffects(jdbc)).isEqualTo(messages);
			});
	}

	@Test
	void completionsThatTheStoreFailedToTakeAreAppliedWhenItIsBack() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(MemoryInventory.class)
			.withBean(FlakyOutboxStore.class)
			.withPropertyValues("zmq.endpoints.orders-out.type=DEALER",
					"zmq.endpoints.orders-out.delivery=at-least-once",
					"zmq.endpoints.orders-out.connect=inproc://reliable-flaky", "zmq.endpoints.orders-in.type=ROUTER",
					"zmq.endpoints.orders-in.delivery=at-least-once",
					"zmq.endpoints.orders-in.bind=inproc://reliable-flaky", "zmq.reliable.poll-interval=100ms")
			.run(context -> {
				FlakyOutboxStore store = context.getBean(FlakyOutboxStore.class);
				ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
				store.failing = true;
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				for (int i = 0; i < 40; i++) {
					template.convertAndSend("orders-out", "flaky-" + i);
				}
				// Acknowledged, but the outbox cannot delete the rows.
				await().atMost(Duration.ofSeconds(10)).until(() -> store.failures.get() >= 3);
				store.failing = false;
				await().atMost(Duration.ofSeconds(20)).until(() -> registry.outboxDepth("orders-out") == 0);
				assertThat(registry.inFlight("orders-out")).isZero();
				assertThat(context.getBean(MemoryInventory.class).reserved).hasSize(40);
				// The endpoint still sends.
				template.convertAndSend("orders-out", "after");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(MemoryInventory.class).reserved.contains("after"));
			});
	}

	@Test
	void aProcessedStoreThatFailsNamesTheMessageWhichIsDeliveredAgainWithoutCountingAnAttempt() {
		Queue<ZmqListenerException> errors = new ConcurrentLinkedQueue<>();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(MemoryInventory.class)
			.withBean(FlakyProcessedStore.class)
			.withBean(ZmqListenerErrorHandler.class, () -> errors::add)
			.withPropertyValues("zmq.endpoints.orders-out.type=DEALER",
					"zmq.endpoints.orders-out.delivery=at-least-once",
					"zmq.endpoints.orders-out.connect=inproc://reliable-flaky-processed",
					"zmq.endpoints.orders-in.type=ROUTER", "zmq.endpoints.orders-in.delivery=at-least-once",
					"zmq.endpoints.orders-in.bind=inproc://reliable-flaky-processed", "zmq.reliable.ack-timeout=500ms",
					"zmq.reliable.initial-backoff=20ms", "zmq.reliable.max-attempts=2",
					"zmq.reliable.poll-interval=100ms")
			.run(context -> {
				FlakyProcessedStore store = context.getBean(FlakyProcessedStore.class);
				store.failuresLeft.set(3);
				context.getBean(ZmqTemplate.class).convertAndSend("orders-out", "order-1");
				ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> registry.outboxDepth("orders-out") == 0);
				assertThat(context.getBean(MemoryInventory.class).reserved).containsExactly("order-1");
				// Three store failures, more than max-attempts: none counted against the
				// message (it would have been dead-lettered), which is processed once the
				// store is back. Each failure names the message.
				assertThat(errors).hasSize(3).allSatisfy((error) -> {
					assertThat(error).rootCause().hasMessage("The database is away");
					ZmqMessage message = error.getZmqMessage();
					assertThat(message).isNotNull();
					assertThat(error.getCause())
						.hasMessageContaining("for message " + message.getHeaders().get(ReliableHeaders.MESSAGE_ID));
				});
			});
	}

	@Test
	void aRedeliveredMessageIsProcessedOnce() {
		this.runner.run(context -> {
			Inventory inventory = context.getBean(Inventory.class);
			inventory.slowFirstCall = new CountDownLatch(1);
			context.getBean(ZmqTemplate.class).convertAndSend("orders-out", "slow");
			// The first delivery is held past the acknowledgement timeout, so the sender
			// sends it again.
			ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.statistics("orders-out").getRedeliveries() >= 1);
			inventory.slowFirstCall.countDown();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.outboxDepth("orders-out") == 0);
			assertThat(effects(jdbc)).isEqualTo(1);
			assertThat(registry.statistics("inventory").getDuplicates()).isGreaterThanOrEqualTo(1);
		});
	}

	@Test
	void aPoisonMessageIsDeadLetteredAfterMaxAttemptsWhileOthersKeepFlowing() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.convertAndSend("orders-out", "poison");
			for (int i = 0; i < 20; i++) {
				template.convertAndSend("orders-out", "good-" + i);
			}
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			DeadLetterService deadLetters = context.getBean(DeadLetterService.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.count() == 1);
			await().atMost(Duration.ofSeconds(20)).until(() -> effects(jdbc) == 20);
			DeadLetter letter = deadLetters.list(null, 10).get(0);
			assertThat(letter.listenerId()).isEqualTo("inventory");
			assertThat(new String(letter.payload())).isEqualTo("poison");
			assertThat(letter.attempts()).isEqualTo(3);
			assertThat(letter.error()).contains("IllegalArgumentException").contains("cannot reserve poison");
			ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.outboxDepth("orders-out") == 0);
			// Once the cause is fixed, the operator replays it: processed once, and gone
			// from the dead letters.
			context.getBean(Inventory.class).acceptPoison = true;
			deadLetters.replay("inventory", letter.messageId());
			assertThat(effects(jdbc)).isEqualTo(21);
			assertThat(deadLetters.count()).isZero();
		});
	}

	@Test
	void publisherInterfaceOnAnAtLeastOnceEndpointStoresAndDelivers() {
		this.runner.withUserConfiguration(PublisherApp.class).run(context -> {
			context.getBean(OrderEvents.class).placed("through-interface");
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> effects(jdbc) == 1);
			assertThat(jdbc.queryForList("select order_id from effects", String.class))
				.containsExactly("through-interface");
		});
	}

	@Test
	void withoutADataSourceTheStoresAreInMemoryAndDeliveryStillWorks() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(MemoryInventory.class)
			.withPropertyValues("zmq.endpoints.orders-out.type=DEALER",
					"zmq.endpoints.orders-out.delivery=at-least-once",
					"zmq.endpoints.orders-out.connect=inproc://reliable-memory", "zmq.endpoints.orders-in.type=ROUTER",
					"zmq.endpoints.orders-in.delivery=at-least-once",
					"zmq.endpoints.orders-in.bind=inproc://reliable-memory")
			.run(context -> {
				assertThat(context.getBean(OutboxStore.class)).isInstanceOf(InMemoryOutboxStore.class);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				for (int i = 0; i < 50; i++) {
					template.convertAndSend("orders-out", "memory-" + i);
				}
				MemoryInventory inventory = context.getBean(MemoryInventory.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> inventory.reserved.size() == 50);
			});
	}

	@Test
	void aReceiverSlowerThanTheAcknowledgementTimeoutAllowsIsNotFloodedWithCopies() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(SlowInventory.class)
			.withPropertyValues("zmq.endpoints.orders-out.type=DEALER",
					"zmq.endpoints.orders-out.delivery=at-least-once",
					"zmq.endpoints.orders-out.connect=inproc://reliable-slow", "zmq.endpoints.orders-in.type=ROUTER",
					"zmq.endpoints.orders-in.delivery=at-least-once",
					"zmq.endpoints.orders-in.bind=inproc://reliable-slow", "zmq.reliable.ack-timeout=300ms",
					"zmq.reliable.initial-backoff=20ms", "zmq.reliable.max-backoff=200ms")
			.run(context -> {
				int messages = 400;
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				for (int i = 0; i < messages; i++) {
					template.convertAndSend("orders-out", "slow-" + i);
				}
				SlowInventory inventory = context.getBean(SlowInventory.class);
				ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
				await().atMost(Duration.ofSeconds(45)).until(() -> registry.outboxDepth("orders-out") == 0);
				assertThat(inventory.reserved).hasSize(messages);
				// All 400 at once would take the receiver 1.6 s or more, five times the
				// acknowledgement timeout: most would be sent again, and again.
				long sends = registry.statistics("orders-out").getSends();
				System.out.println("[reliability] slowReceiver: messages=" + messages + ", sends=" + sends);
				assertThat(sends).as("sends of %d messages", messages).isLessThan(messages * 3 / 2);
			});
	}

	@Test
	void aListenerThatCompletesLaterIsWaitedForBeforeTheMessageIsAcknowledged() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(LaterInventory.class)
			.withPropertyValues("zmq.endpoints.orders-out.type=DEALER",
					"zmq.endpoints.orders-out.delivery=at-least-once",
					"zmq.endpoints.orders-out.connect=inproc://reliable-later", "zmq.endpoints.orders-in.type=ROUTER",
					"zmq.endpoints.orders-in.delivery=at-least-once",
					"zmq.endpoints.orders-in.bind=inproc://reliable-later", "zmq.reliable.ack-timeout=500ms",
					"zmq.reliable.initial-backoff=20ms", "zmq.reliable.max-backoff=200ms")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				for (int i = 0; i < 10; i++) {
					template.convertAndSend("orders-out", "later-" + i);
				}
				// Each first attempt fails after the method returned: acknowledged then,
				// the
				// message would be lost.
				LaterInventory inventory = context.getBean(LaterInventory.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> inventory.reserved.size() == 10);
				assertThat(inventory.failedOnce).hasSize(10);
				ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> registry.outboxDepth("orders-out") == 0);
			});
	}

	@Test
	void aPayloadThatFailsValidationIsDeadLetteredAtOnce() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class,
					org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration.class))
			.withUserConfiguration(ValidatingInventory.class)
			.withPropertyValues("zmq.endpoints.orders-out.type=DEALER",
					"zmq.endpoints.orders-out.delivery=at-least-once",
					"zmq.endpoints.orders-out.connect=inproc://reliable-valid", "zmq.endpoints.orders-in.type=ROUTER",
					"zmq.endpoints.orders-in.delivery=at-least-once",
					"zmq.endpoints.orders-in.bind=inproc://reliable-valid", "zmq.reliable.initial-backoff=20ms")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				template.convertAndSend("orders-out", new ValidatingInventory.Order(" "));
				template.convertAndSend("orders-out", new ValidatingInventory.Order("o-1"));
				DeadLetterService deadLetters = context.getBean(DeadLetterService.class);
				ValidatingInventory inventory = context.getBean(ValidatingInventory.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> deadLetters.count() == 1 && inventory.reserved.size() == 1);
				assertThat(deadLetters.list(null, 10).get(0).attempts()).isEqualTo(1);
				assertThat(deadLetters.list(null, 10).get(0).error()).contains("NotValidException");
				assertThat(context.getBean(ReliableDeliveryRegistry.class).statistics("orders-out").getRedeliveries())
					.isZero();
			});
	}

	@Test
	void idempotentListenerOnAnAtMostOnceEndpointFailsStartupAndSaysWhy() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(MemoryInventory.class)
			.withPropertyValues("zmq.endpoints.orders-in.type=ROUTER", "zmq.endpoints.orders-in.bind=inproc://plain")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("idempotent = \"true\" needs message ids")
				.hasMessageContaining("delivery: at-least-once on zmq.endpoints.orders-in"));
	}

	private static int effects(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select count(*) from effects", Integer.class);
	}

	private static int distinctEffects(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select count(distinct order_id) from effects", Integer.class);
	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.boot.autoconfigure.AutoConfigurationPackage(basePackageClasses = OrderEvents.class)
	static class PublisherApp {

	}

	@Configuration(proxyBeanMethods = false)
	static class LaterInventory {

		final Set<String> reserved = ConcurrentHashMap.newKeySet();

		final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

		@ZmqListener(endpoint = "orders-in", idempotent = "true")
		CompletableFuture<Void> reserve(String orderId) {
			return CompletableFuture.runAsync(() -> {
				if (this.failedOnce.add(orderId)) {
					throw new IllegalStateException("not yet: " + orderId);
				}
				this.reserved.add(orderId);
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ValidatingInventory {

		final Set<String> reserved = ConcurrentHashMap.newKeySet();

		@ZmqListener(endpoint = "orders-in")
		void reserve(@jakarta.validation.Valid Order order) {
			this.reserved.add(order.id());
		}

		record Order(@jakarta.validation.constraints.NotBlank String id) {
		}

	}

	/** An in-memory outbox whose database is away while {@code failing}. */
	static class FlakyOutboxStore implements OutboxStore {

		private final InMemoryOutboxStore delegate = new InMemoryOutboxStore();

		final AtomicInteger failures = new AtomicInteger();

		volatile boolean failing;

		@Override
		public void save(OutboxMessage message) {
			this.delegate.save(message);
		}

		@Override
		public List<OutboxMessage> findDue(String endpoint, long now, int limit) {
			return this.delegate.findDue(endpoint, now, limit);
		}

		@Override
		public List<OutboxMessage> claimDue(String endpoint, long now, int limit, IntToLongFunction leaseUntil) {
			return this.delegate.claimDue(endpoint, now, limit, leaseUntil);
		}

		@Override
		public void reschedule(String messageId, int attempts, long nextAttemptAt) {
			failIfAway();
			this.delegate.reschedule(messageId, attempts, nextAttemptAt);
		}

		@Override
		public void delete(Collection<String> messageIds) {
			failIfAway();
			this.delegate.delete(messageIds);
		}

		@Override
		public long count(String endpoint) {
			return this.delegate.count(endpoint);
		}

		private void failIfAway() {
			if (this.failing) {
				this.failures.incrementAndGet();
				throw new DataAccessResourceFailureException("The database is away");
			}
		}

	}

	/** An in-memory processed-message store that fails its next marks. */
	static class FlakyProcessedStore implements ProcessedMessageStore {

		private final InMemoryProcessedMessageStore delegate = new InMemoryProcessedMessageStore();

		final AtomicInteger failuresLeft = new AtomicInteger();

		@Override
		public boolean markProcessed(String listenerId, String messageId, long now) {
			if (this.failuresLeft.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				throw new DataAccessResourceFailureException("The database is away");
			}
			return this.delegate.markProcessed(listenerId, messageId, now);
		}

		@Override
		public void unmark(String listenerId, String messageId) {
			this.delegate.unmark(listenerId, messageId);
		}

		@Override
		public int purgeOlderThan(long cutoff) {
			return this.delegate.purgeOlderThan(cutoff);
		}

		@Override
		public boolean isTransactional() {
			return false;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowInventory {

		final Set<String> reserved = ConcurrentHashMap.newKeySet();

		@ZmqListener(endpoint = "orders-in", idempotent = "true")
		void reserve(String orderId) throws InterruptedException {
			// Stands in for work that takes 4 ms a message.
			Thread.sleep(4);
			this.reserved.add(orderId);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MemoryInventory {

		final Set<String> reserved = ConcurrentHashMap.newKeySet();

		@ZmqListener(endpoint = "orders-in", idempotent = "true")
		void reserve(String orderId) {
			this.reserved.add(orderId);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Inventory {

		final Set<String> seen = ConcurrentHashMap.newKeySet();

		volatile CountDownLatch slowFirstCall;

		volatile boolean acceptPoison;

		private final JdbcTemplate jdbc;

		Inventory(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
			jdbc.execute("create table if not exists effects (order_id varchar(100))");
		}

		@ZmqListener(id = "inventory", endpoint = "orders-in", idempotent = "true", concurrency = "2")
		void reserve(String orderId) throws InterruptedException {
			if (orderId.equals("poison") && !this.acceptPoison) {
				throw new IllegalArgumentException("cannot reserve poison");
			}
			CountDownLatch slow = this.slowFirstCall;
			if (slow != null && this.seen.add(orderId)) {
				slow.await(20, TimeUnit.SECONDS);
			}
			this.jdbc.update("insert into effects (order_id) values (?)", orderId);
		}

	}

}
