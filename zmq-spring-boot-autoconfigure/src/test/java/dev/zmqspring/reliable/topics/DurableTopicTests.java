package dev.zmqspring.reliable.topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.DurableTopics.GroupStatus;
import dev.zmqspring.reliable.TopicMessage;
import dev.zmqspring.reliable.TopicStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Durable topics in one JVM on an H2 database: a publisher and two subscription groups
 * over real sockets. The process kills are in {@code DurableTopicFaultTests}.
 */
@Timeout(90)
class DurableTopicTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				ZmqAutoConfiguration.class))
		.withUserConfiguration(Notifications.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:topics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"zmq.endpoints.user-events.type=pub", "zmq.endpoints.user-events.delivery=at-least-once",
				"zmq.endpoints.user-events.bind=inproc://topics-" + UUID.randomUUID(),
				"zmq.endpoints.email-in.type=sub", "zmq.endpoints.email-in.delivery=at-least-once",
				"zmq.endpoints.email-in.connect=${zmq.endpoints.user-events.bind}", "zmq.endpoints.sms-in.type=sub",
				"zmq.endpoints.sms-in.delivery=at-least-once", "zmq.endpoints.sms-in.topics=user.",
				"zmq.endpoints.sms-in.connect=${zmq.endpoints.user-events.bind}", "zmq.reliable.ack-timeout=2s",
				"zmq.reliable.initial-backoff=20ms", "zmq.reliable.poll-interval=100ms");

	@Test
	void everyGroupGetsEveryMessageOfItsTopicsOnce() {
		this.runner.run((context) -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			awaitGroups(context, 2);
			for (int i = 0; i < 300; i++) {
				template.convertAndSend("user-events", "user.registered", "user-" + i);
			}
			for (int i = 0; i < 50; i++) {
				template.convertAndSend("user-events", "order.placed", "order-" + i);
			}
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> effects(jdbc, "email") == 350);
			await().atMost(Duration.ofSeconds(30)).until(() -> effects(jdbc, "sms") == 300);
			assertThat(distinctEffects(jdbc, "email")).isEqualTo(350);
			assertThat(distinctEffects(jdbc, "sms")).isEqualTo(300);
			assertThat(jdbc.queryForList("select payload from effects where grp = 'sms'", String.class))
				.allMatch((payload) -> payload.startsWith("user-"));
			DurableTopics topics = context.getBean(DurableTopics.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> topics.status("user-events").stream().allMatch((group) -> group.backlog().pending() == 0));
			GroupStatus email = status(topics, "email");
			assertThat(email.statistics().getAcknowledged()).isEqualTo(350);
			assertThat(email.statistics().getRedelivered()).isZero();
		});
	}

	@Test
	void aGroupThatWasDownGetsWhatItMissedInPublishOrder() {
		this.runner.run((context) -> {
			awaitGroups(context, 2);
			ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
			listeners.getListenerContainer("sms").stop();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			for (int i = 0; i < 400; i++) {
				template.convertAndSend("user-events", "user.registered", "user-" + i);
			}
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> effects(jdbc, "email") == 400);
			assertThat(effects(jdbc, "sms")).isZero();
			DurableTopics topics = context.getBean(DurableTopics.class);
			assertThat(status(topics, "sms").backlog().pending()).isEqualTo(400);
			listeners.getListenerContainer("sms").start();
			await().atMost(Duration.ofSeconds(30)).until(() -> effects(jdbc, "sms") == 400);
			assertThat(jdbc.queryForList("select payload from effects where grp = 'sms' order by seq", String.class))
				.containsExactlyElementsOf(
						java.util.stream.IntStream.range(0, 400).mapToObj((i) -> "user-" + i).toList());
		});
	}

	@Test
	void aMessagePublishedInATransactionThatRollsBackIsNeverDelivered() {
		this.runner.run((context) -> {
			awaitGroups(context, 2);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));
			assertThatIllegalStateException().isThrownBy(() -> transaction.executeWithoutResult((status) -> {
				template.convertAndSend("user-events", "user.registered", "rolled-back");
				throw new IllegalStateException("the account could not be stored");
			}));
			transaction
				.executeWithoutResult((status) -> template.convertAndSend("user-events", "user.registered", "kept"));
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> effects(jdbc, "email") == 1 && effects(jdbc, "sms") == 1);
			assertThat(jdbc.queryForList("select payload from effects", String.class)).containsOnly("kept");
		});
	}

	@Test
	void aMessageCommittedAfterALaterOneReachesEveryGroup() throws Exception {
		this.runner.run((context) -> {
			awaitGroups(context, 2);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			TransactionTemplate transaction = new TransactionTemplate(
					context.getBean(PlatformTransactionManager.class));
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CountDownLatch published = new CountDownLatch(1);
			CountDownLatch commit = new CountDownLatch(1);
			// Published first, committed last: the groups claimed past it meanwhile.
			CompletableFuture<Void> longTransaction = CompletableFuture
				.runAsync(() -> transaction.executeWithoutResult((status) -> {
					template.convertAndSend("user-events", "user.registered", "early");
					published.countDown();
					await().atMost(Duration.ofSeconds(30)).until(() -> commit.getCount() == 0);
				}));
			assertThat(published.await(10, TimeUnit.SECONDS)).isTrue();
			template.convertAndSend("user-events", "user.registered", "later");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> effects(jdbc, "email") == 1 && effects(jdbc, "sms") == 1);
			commit.countDown();
			longTransaction.get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> effects(jdbc, "email") == 2 && effects(jdbc, "sms") == 2);
			assertThat(jdbc.queryForList("select payload from effects where grp = 'email' order by seq", String.class))
				.containsExactly("later", "early");
		});
	}

	@Test
	void aMessageAnotherInstanceCommittedBehindWhatTheGroupsTookReachesThem() {
		this.runner.run((context) -> {
			awaitGroups(context, 2);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			template.convertAndSend("user-events", "user.registered", "here");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> effects(jdbc, "email") == 1 && effects(jdbc, "sms") == 1);
			// Stored straight into the shared tables, as another instance does: this
			// application hears nothing of it, and its position in publish order is
			// behind every message the groups took.
			context.getBean(TopicStore.class)
				.publish(
						new TopicMessage(UUID.randomUUID().toString(), "user-events", "user.registered", Map.of(),
								"elsewhere".getBytes(StandardCharsets.UTF_8), 1, System.currentTimeMillis()),
						List.of("email", "sms"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> effects(jdbc, "email") == 2 && effects(jdbc, "sms") == 2);
			assertThat(jdbc.queryForList("select payload from effects where grp = 'sms' order by seq", String.class))
				.containsExactly("here", "elsewhere");
		});
	}

	@Test
	void aMemberStopsWithoutWaitingWhenItsPublisherIsGone() {
		this.runner.withPropertyValues("zmq.shutdown-timeout=30s").run((context) -> {
			awaitGroups(context, 2);
			ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
			// The publisher's socket closes: the member's fetches have nowhere to go.
			listeners.getListenerContainer("zmq-topic-user-events").stop();
			long began = System.nanoTime();
			listeners.getListenerContainer("email").stop();
			assertThat(Duration.ofNanos(System.nanoTime() - began)).as("stopped long before zmq.shutdown-timeout")
				.isLessThan(Duration.ofSeconds(10));
		});
	}

	private static void awaitGroups(org.springframework.context.ApplicationContext context, int groups) {
		DurableTopics topics = context.getBean(DurableTopics.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> topics.status("user-events").size() == groups);
	}

	private static GroupStatus status(DurableTopics topics, String group) {
		return topics.status("user-events")
			.stream()
			.filter((status) -> status.group().name().equals(group))
			.findFirst()
			.orElseThrow();
	}

	static int effects(JdbcTemplate jdbc, String group) {
		Integer count = jdbc.queryForObject("select count(*) from effects where grp = ?", Integer.class, group);
		return (count != null) ? count : 0;
	}

	static int distinctEffects(JdbcTemplate jdbc, String group) {
		Integer count = jdbc.queryForObject("select count(distinct payload) from effects where grp = ?", Integer.class,
				group);
		return (count != null) ? count : 0;
	}

	static class Notifications {

		private final JdbcTemplate jdbc;

		Notifications(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
			jdbc.execute("create table if not exists effects (seq bigint auto_increment primary key,"
					+ " grp varchar(20), payload varchar(100))");
		}

		@ZmqListener(id = "email", endpoint = "email-in", group = "email", idempotent = "true")
		void email(String user) {
			this.jdbc.update("insert into effects (grp, payload) values ('email', ?)", user);
		}

		@ZmqListener(id = "sms", endpoint = "sms-in", group = "sms", idempotent = "true")
		void sms(String user) {
			this.jdbc.update("insert into effects (grp, payload) values ('sms', ?)", user);
		}

	}

}
