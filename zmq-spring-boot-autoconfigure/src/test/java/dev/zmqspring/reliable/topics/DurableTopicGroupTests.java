package dev.zmqspring.reliable.topics;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DeadLetterService;
import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.DurableTopics.GroupStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The members of a subscription group share its messages; a new group starts where it
 * says; a group declared on the publisher is kept for before it ever connected; a group
 * that stays away past retention loses messages, counted; failures are delivered again
 * and poison is dead-lettered; and what cannot work fails startup.
 */
@Timeout(90)
class DurableTopicGroupTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				ZmqAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:groups-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"zmq.endpoints.user-events.type=pub", "zmq.endpoints.user-events.delivery=at-least-once",
				"zmq.endpoints.user-events.bind=inproc://groups-" + UUID.randomUUID(),
				"zmq.endpoints.users-in.type=sub", "zmq.endpoints.users-in.delivery=at-least-once",
				"zmq.endpoints.users-in.connect=${zmq.endpoints.user-events.bind}", "zmq.reliable.ack-timeout=2s",
				"zmq.reliable.initial-backoff=20ms", "zmq.reliable.poll-interval=100ms", "zmq.reliable.max-attempts=3");

	@Test
	void theMembersOfAGroupShareItsMessagesAndEachIsProcessedOnce() {
		this.runner.withUserConfiguration(TwoMembers.class).run((context) -> {
			awaitGroups(context, "email");
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			for (int i = 0; i < 1000; i++) {
				template.convertAndSend("user-events", "user.registered", "user-" + i);
			}
			TwoMembers members = context.getBean(TwoMembers.class);
			await().atMost(TIMEOUT).until(() -> members.processed.size() == 1000);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("select count(*) from sent", Integer.class)).isEqualTo(1000);
			assertThat(members.byMember).containsOnlyKeys("first", "second");
			assertThat(members.byMember.values()).allSatisfy((count) -> assertThat(count.get()).isPositive());
		});
	}

	@Test
	void aNewGroupStartsFromTheEarliestRetainedMessageOrFromTheNextOneAsItSays() {
		this.runner.withUserConfiguration(LateGroups.class)
			.withPropertyValues("zmq.listener.auto-startup=false", "zmq.endpoints.users-in.start-from=earliest",
					"zmq.endpoints.news-in.type=sub", "zmq.endpoints.news-in.delivery=at-least-once",
					"zmq.endpoints.news-in.connect=${zmq.endpoints.user-events.bind}")
			.run((context) -> {
				ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
				listeners.getListenerContainer("zmq-topic-user-events").start();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				for (int i = 0; i < 10; i++) {
					template.convertAndSend("user-events", "user.registered", "before-" + i);
				}
				listeners.getListenerContainer("audit").start();
				listeners.getListenerContainer("news").start();
				awaitGroups(context, "audit", "news");
				template.convertAndSend("user-events", "user.registered", "after");
				LateGroups groups = context.getBean(LateGroups.class);
				await().atMost(TIMEOUT).until(() -> groups.audit.size() == 11 && groups.news.size() == 1);
				assertThat(groups.news).containsOnlyKeys("after");
			});
	}

	@Test
	void aGroupDeclaredOnThePublisherIsKeptForBeforeItsMembersEverConnect() {
		this.runner.withUserConfiguration(LateGroups.class)
			.withPropertyValues("zmq.listener.auto-startup=false", "zmq.endpoints.user-events.groups=news",
					"zmq.endpoints.news-in.type=sub", "zmq.endpoints.news-in.delivery=at-least-once",
					"zmq.endpoints.news-in.connect=${zmq.endpoints.user-events.bind}")
			.run((context) -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				for (int i = 0; i < 25; i++) {
					template.convertAndSend("user-events", "user.registered", "kept-" + i);
				}
				ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
				listeners.getListenerContainer("zmq-topic-user-events").start();
				listeners.getListenerContainer("news").start();
				LateGroups groups = context.getBean(LateGroups.class);
				await().atMost(TIMEOUT).until(() -> groups.news.size() == 25);
			});
	}

	@Test
	void aGroupThatStaysAwayPastRetentionLosesMessagesCountedAndLogged() {
		this.runner.withUserConfiguration(LateGroups.class)
			.withPropertyValues("zmq.listener.auto-startup=false", "zmq.endpoints.user-events.groups=news",
					"zmq.endpoints.user-events.retention.max-count=5", "zmq.endpoints.news-in.type=sub",
					"zmq.endpoints.news-in.delivery=at-least-once",
					"zmq.endpoints.news-in.connect=${zmq.endpoints.user-events.bind}")
			.run((context) -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				for (int i = 0; i < 20; i++) {
					template.convertAndSend("user-events", "user.registered", "message-" + i);
				}
				ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
				listeners.getListenerContainer("zmq-topic-user-events").start();
				DurableTopics topics = context.getBean(DurableTopics.class);
				await().atMost(TIMEOUT).until(() -> status(topics, "news").statistics().getLost() == 15);
				assertThat(status(topics, "news").backlog().pending()).isEqualTo(5);
				listeners.getListenerContainer("news").start();
				LateGroups groups = context.getBean(LateGroups.class);
				await().atMost(TIMEOUT).until(() -> groups.news.size() == 5);
				assertThat(groups.news).containsOnlyKeys("message-15", "message-16", "message-17", "message-18",
						"message-19");
			});
	}

	@Test
	void aFailedMessageIsDeliveredAgainAndPoisonIsDeadLetteredWithoutBlockingTheGroup() {
		this.runner.withUserConfiguration(Flaky.class).run((context) -> {
			awaitGroups(context, "flaky");
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.convertAndSend("user-events", "user.registered", "fails-twice");
			template.convertAndSend("user-events", "user.registered", "poison");
			template.convertAndSend("user-events", "user.registered", "fine");
			Flaky flaky = context.getBean(Flaky.class);
			await().atMost(TIMEOUT)
				.until(() -> flaky.processed.containsKey("fails-twice") && flaky.processed.containsKey("fine"));
			DeadLetterService deadLetters = context.getBean(DeadLetterService.class);
			await().atMost(TIMEOUT).until(() -> deadLetters.list("flaky", 10).size() == 1);
			// Called once an attempt, and once more if its success was in a batch of one
			// transaction that poison rolled back (its work is then done again, once).
			assertThat(flaky.attempts.get("fails-twice").get()).isBetween(3, 4);
			// Three attempts; once more when it failed in a batch after another message
			// (the failure might have come from that one's work: it is tried alone).
			assertThat(flaky.attempts.get("poison").get()).isBetween(3, 4);
			DurableTopics topics = context.getBean(DurableTopics.class);
			await().atMost(TIMEOUT).until(() -> status(topics, "flaky").backlog().pending() == 0);
			assertThat(status(topics, "flaky").statistics().getFailed()).isEqualTo(4);
		});
	}

	@Test
	void aDurableSubscriberWithoutAGroupFailsStartupNamingTheFix() {
		this.runner.withUserConfiguration(NoGroup.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("needs a subscription group")
				.hasMessageContaining("zmq.endpoints.users-in.group");
		});
	}

	@Test
	void aGroupOnAnEndpointThatIsNotADurableSubscriberFailsStartup() {
		this.runner.withUserConfiguration(GroupOnPull.class)
			.withPropertyValues("zmq.endpoints.jobs.type=pull", "zmq.endpoints.jobs.bind=inproc://groups-jobs")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("group \"workers\" is for a durable topic's subscriber");
			});
	}

	@Test
	void aGroupPropertyOnAPublisherFailsStartup() {
		this.runner.withPropertyValues("zmq.endpoints.user-events.group=email").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("zmq.endpoints.user-events.group is for a durable topic's subscriber");
		});
	}

	private static void awaitGroups(ApplicationContext context, String... groups) {
		DurableTopics topics = context.getBean(DurableTopics.class);
		await().atMost(TIMEOUT)
			.until(() -> topics.status("user-events").stream().map((status) -> status.group().name()).toList(),
					(names) -> names.containsAll(java.util.List.of(groups)));
	}

	private static GroupStatus status(DurableTopics topics, String group) {
		return topics.status("user-events")
			.stream()
			.filter((status) -> status.group().name().equals(group))
			.findFirst()
			.orElseThrow();
	}

	static class TwoMembers {

		final Map<String, Boolean> processed = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> byMember = new ConcurrentHashMap<>();

		private final JdbcTemplate jdbc;

		TwoMembers(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
			jdbc.execute("create table if not exists sent (payload varchar(100))");
		}

		@ZmqListener(id = "first", endpoint = "users-in", group = "email", idempotent = "true", concurrency = "3")
		void first(String user) {
			handle("first", user);
		}

		@ZmqListener(id = "second", endpoint = "users-in", group = "email", idempotent = "true")
		void second(String user) {
			handle("second", user);
		}

		private void handle(String member, String user) {
			this.jdbc.update("insert into sent (payload) values (?)", user);
			this.byMember.computeIfAbsent(member, (key) -> new AtomicInteger()).incrementAndGet();
			this.processed.put(user, true);
		}

	}

	static class LateGroups {

		final Map<String, Boolean> audit = new ConcurrentHashMap<>();

		final Map<String, Boolean> news = new ConcurrentHashMap<>();

		@ZmqListener(id = "audit", endpoint = "users-in", group = "audit")
		void audit(String message) {
			this.audit.put(message, true);
		}

		@ZmqListener(id = "news", endpoint = "news-in", group = "news")
		void news(String message) {
			this.news.put(message, true);
		}

	}

	static class Flaky {

		final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		final Map<String, Boolean> processed = new ConcurrentHashMap<>();

		@ZmqListener(id = "flaky", endpoint = "users-in", group = "flaky")
		void handle(String message) {
			int attempt = this.attempts.computeIfAbsent(message, (key) -> new AtomicInteger()).incrementAndGet();
			if (message.equals("poison") || (message.equals("fails-twice") && attempt <= 2)) {
				throw new IllegalStateException("cannot handle " + message + " (attempt " + attempt + ")");
			}
			this.processed.put(message, true);
		}

	}

	static class NoGroup {

		@ZmqListener(id = "nogroup", endpoint = "users-in")
		void handle(String message) {
		}

	}

	static class GroupOnPull {

		@ZmqListener(id = "workers", endpoint = "jobs", group = "workers")
		void handle(String message) {
		}

	}

}
