package dev.zmqspring.observation;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DeadLetter;
import dev.zmqspring.reliable.DeadLetterStore;
import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.testsupport.Tracing;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.zmqspring.testsupport.Tracing.PATIENCE;
import static dev.zmqspring.testsupport.Tracing.awaitSpan;
import static dev.zmqspring.testsupport.Tracing.inParentObservation;
import static dev.zmqspring.testsupport.Tracing.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once delivery keeps the trace: the trace context is stored with the message,
 * so a redelivery after the receiver came back continues the trace of the call that sent
 * it, and a dead letter keeps it for whoever looks at it.
 */
@Timeout(60)
class ReliableTracingTests {

	private final ApplicationContextRunner runner = Tracing.runner()
		.withPropertyValues("zmq.endpoints.orders-out.type=DEALER", "zmq.endpoints.orders-out.delivery=at-least-once",
				"zmq.endpoints.orders-out.connect=inproc://traced-reliable", "zmq.endpoints.orders-in.type=ROUTER",
				"zmq.endpoints.orders-in.delivery=at-least-once",
				"zmq.endpoints.orders-in.bind=inproc://traced-reliable", "zmq.reliable.ack-timeout=300ms",
				"zmq.reliable.initial-backoff=20ms", "zmq.reliable.max-backoff=200ms", "zmq.reliable.max-attempts=3",
				"zmq.reliable.poll-interval=100ms");

	@Test
	void aMessageDeliveredAfterItsReceiverRestartedContinuesTheTraceOfItsSender() {
		this.runner.withUserConfiguration(Inventory.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
			listeners.getListenerContainer("inventory").stop();
			String traceId = inParentObservation(context,
					() -> context.getBean(ZmqTemplate.class).convertAndSend("orders-out", "order-1"));
			ReliableDeliveryRegistry reliable = context.getBean(ReliableDeliveryRegistry.class);
			await().atMost(PATIENCE).until(() -> reliable.statistics("orders-out").getUnacknowledged() >= 1);
			listeners.getListenerContainer("inventory").start();

			Inventory inventory = context.getBean(Inventory.class);
			await().atMost(PATIENCE).until(() -> inventory.orders.size() == 1);
			SpanData stored = awaitSpan(context, "send orders-out");
			SpanData process = awaitSpan(context, "process orders-in");
			assertThat(stored.getTraceId()).isEqualTo(traceId);
			assertThat(stored.getAttributes().asMap().toString()).contains("zmq.delivery=at-least-once");
			assertThat(process.getTraceId()).as("the redelivery continues the sender's trace").isEqualTo(traceId);
			assertThat(process.getParentSpanId()).isEqualTo(stored.getSpanId());
			assertThat(Integer.parseInt(inventory.orders.get(0).getHeaders().get("attempt"))).isGreaterThan(1);
			assertThat(inventory.logTraceIds).containsExactly(traceId);
			assertThat(process.getAttributes().asMap().toString()).contains("messaging.message.id=");
			await().atMost(PATIENCE).until(() -> spans(context, "dispatch orders-out").size() >= 2);
			List<SpanData> tries = spans(context, "dispatch orders-out");
			assertThat(tries).as("every try is in the sender's trace, under the span that stored the message")
				.allSatisfy((attempt) -> {
					assertThat(attempt.getTraceId()).isEqualTo(traceId);
					assertThat(attempt.getParentSpanId()).isEqualTo(stored.getSpanId());
				});
			assertThat(tries.get(0).getAttributes().asMap().toString()).contains("zmq.attempt=1",
					"zmq.outcome=timeout");
			assertThat(tries.get(tries.size() - 1).getAttributes().asMap().toString()).contains("zmq.outcome=success");
		});
	}

	@Test
	void aDeadLetterKeepsTheTraceContextOfItsSender() {
		this.runner.withUserConfiguration(FailingInventory.class).run((context) -> {
			assertThat(context).hasNotFailed();
			String traceId = inParentObservation(context,
					() -> context.getBean(ZmqTemplate.class).convertAndSend("orders-out", "order-1"));
			DeadLetterStore deadLetters = context.getBean(DeadLetterStore.class);
			await().atMost(PATIENCE).until(() -> !deadLetters.list(null, 10).isEmpty());
			DeadLetter deadLetter = deadLetters.list(null, 10).get(0);
			assertThat(deadLetter.headers().get("traceparent")).contains(traceId);
			await().atMost(PATIENCE).until(() -> spans(context, "process orders-in").size() == 3);
			assertThat(spans(context, "process orders-in"))
				.allSatisfy((attempt) -> assertThat(attempt.getTraceId()).isEqualTo(traceId));
			List<SpanData> attempts = spans(context, "process orders-in");
			assertThat(attempts.subList(0, 2))
				.allSatisfy((attempt) -> assertThat(attempt.getAttributes().asMap().toString())
					.contains("zmq.outcome=failure", "exception=IllegalStateException"));
			assertThat(attempts.get(2).getEvents()).extracting((event) -> event.getName())
				.containsExactly("zmq.dead-letter");
		});
	}

	@Test
	void aDurablePublicationIsOneTraceWithTheSpansOfEveryGroup() {
		Tracing.runner()
			.withUserConfiguration(Notifications.class)
			.withPropertyValues("zmq.endpoints.user-events.type=pub",
					"zmq.endpoints.user-events.delivery=at-least-once",
					"zmq.endpoints.user-events.bind=inproc://traced-topics", "zmq.endpoints.email-in.type=sub",
					"zmq.endpoints.email-in.delivery=at-least-once",
					"zmq.endpoints.email-in.connect=inproc://traced-topics", "zmq.endpoints.sms-in.type=sub",
					"zmq.endpoints.sms-in.delivery=at-least-once",
					"zmq.endpoints.sms-in.connect=inproc://traced-topics", "zmq.reliable.poll-interval=100ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DurableTopics topics = context.getBean(DurableTopics.class);
				await().atMost(PATIENCE).until(() -> topics.status("user-events").size() == 2);
				String traceId = inParentObservation(context, () -> context.getBean(ZmqTemplate.class)
					.convertAndSend("user-events", "user.registered", "user-1"));
				Notifications notifications = context.getBean(Notifications.class);
				await().atMost(PATIENCE).until(() -> notifications.sent.size() == 2);

				SpanData published = awaitSpan(context, "send user-events");
				assertThat(published.getTraceId()).isEqualTo(traceId);
				for (String group : List.of("process email-in", "process sms-in")) {
					SpanData delivery = awaitSpan(context, group);
					assertThat(delivery.getTraceId()).as(group).isEqualTo(traceId);
					assertThat(delivery.getParentSpanId()).as(group).isEqualTo(published.getSpanId());
				}
			});
	}

	@Test
	void everyMessageOfTransactionBatchesSucceedsOnceAndWorkThatRolledBackIsMarkedSo() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withUserConfiguration(BatchInventory.class)
			.withPropertyValues(
					"spring.datasource.url=jdbc:h2:mem:traced-batches-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
					"zmq.reliable.ack-timeout=2s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
				listeners.getListenerContainer("inventory").stop();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				for (int i = 0; i < 40; i++) {
					template.convertAndSend("orders-out", (i == 20) ? "poison" : "order-" + i);
				}
				// They arrive together: batches of several, one with the poison.
				listeners.getListenerContainer("inventory").start();
				BatchInventory inventory = context.getBean(BatchInventory.class);
				await().atMost(PATIENCE).until(() -> inventory.count() == 39);
				// The poison message succeeds too: dead-lettered after its attempts.
				await().atMost(PATIENCE).until(() -> succeeded(spans(context, "process orders-in")).size() == 40);

				List<SpanData> processed = spans(context, "process orders-in");
				List<SpanData> undone = processed.stream()
					.filter((span) -> attributes(span).contains("exception=TransactionRolledBackException"))
					.toList();
				// Whether the poison shares a batch depends on how the messages arrive
				// (TransactionBatchObservationTests shows it for a batch built so).
				Set<String> succeeded = succeeded(processed);
				assertThat(undone).allSatisfy((span) -> assertThat(succeeded).contains(messageId(span)));
			});
	}

	/**
	 * The messages whose processing succeeded, in their batch or on their own after a
	 * rollback.
	 */
	private static Set<String> succeeded(List<SpanData> spans) {
		return spans.stream()
			.filter((span) -> attributes(span).contains("zmq.outcome=success"))
			.map(ReliableTracingTests::messageId)
			.collect(Collectors.toSet());
	}

	private static String attributes(SpanData span) {
		return span.getAttributes().asMap().toString();
	}

	private static String messageId(SpanData span) {
		return span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("messaging.message.id"));
	}

	static class BatchInventory {

		private final JdbcTemplate jdbc;

		BatchInventory(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
			jdbc.execute("create table if not exists traced_effects (order_id varchar(100))");
		}

		@ZmqListener(id = "inventory", endpoint = "orders-in", idempotent = "true")
		void reserve(String order) {
			if (order.equals("poison")) {
				throw new IllegalStateException("poison");
			}
			this.jdbc.update("insert into traced_effects (order_id) values (?)", order);
		}

		int count() {
			Integer count = this.jdbc.queryForObject("select count(*) from traced_effects", Integer.class);
			return (count != null) ? count : 0;
		}

	}

	static class Notifications {

		final List<String> sent = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "email-in", group = "email")
		void email(String user) {
			this.sent.add("email " + user);
		}

		@ZmqListener(endpoint = "sms-in", group = "sms")
		void sms(String user) {
			this.sent.add("sms " + user);
		}

	}

	static class Inventory {

		final List<ZmqMessage> orders = new CopyOnWriteArrayList<>();

		final List<String> logTraceIds = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "inventory", endpoint = "orders-in")
		void reserve(ZmqMessage order) {
			this.logTraceIds.add(String.valueOf(MDC.get("traceId")));
			this.orders.add(order);
		}

	}

	static class FailingInventory {

		@ZmqListener(id = "inventory", endpoint = "orders-in")
		void reserve(String order) {
			throw new IllegalStateException("out of stock: " + order);
		}

	}

}
