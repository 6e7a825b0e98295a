package dev.zmqspring.reliable.fault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.JdbcOutboxStore;
import dev.zmqspring.reliable.OutboxMessage;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.reliable.ReliableSchema;
import dev.zmqspring.reliable.ReliableStatistics;
import dev.zmqspring.reliable.TestDatabase;
import dev.zmqspring.testsupport.ChildJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.zmqspring.reliable.fault.FaultDatabases.millisSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances of a sending application on one PostgreSQL outbox: each stored
 * message is claimed by one instance at a time, and the claims of an instance killed with
 * SIGKILL pass to the other when their leases end. The senders run in child JVMs; the
 * idempotent receiver runs in this JVM, counts what it applied and the redeliveries it
 * recognised. Figures are reported as in {@link ReliableDeliveryFaultTests}.
 */
@Timeout(120)
@EnabledIf("dev.zmqspring.reliable.TestDatabase#postgreSqlEnabled")
class SharedOutboxFaultTests {

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

	private final List<ChildJvm> children = new CopyOnWriteArrayList<>();

	private HikariDataSource dataSource;

	private String prefix;

	@BeforeEach
	void createOutbox() {
		this.dataSource = TestDatabase.postgreSqlDataSource();
		this.prefix = TestDatabase.uniqueName();
		new ReliableSchema(this.dataSource, this.prefix).create();
	}

	@AfterEach
	void dropOutbox() {
		this.children.forEach(ChildJvm::close);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		for (String table : List.of("outbox", "processed", "dead_letter")) {
			jdbc.execute("drop table if exists " + this.prefix + table);
		}
		this.dataSource.close();
	}

	@Test
	void twoSendersOnOneOutboxSendEachMessageOnce() {
		int messages = 2000;
		receiverRunner().run(context -> {
			String address = boundAddress(context);
			JdbcTemplate effects = context.getBean(JdbcTemplate.class);
			// Default acknowledgement timeout: a copy is sent only when a message is
			// lost.
			ChildJvm first = startSender("shared-sender-1", address, "zmq.reliable.ack-timeout=5s");
			ChildJvm second = startSender("shared-sender-2", address, "zmq.reliable.ack-timeout=5s");
			long began = System.nanoTime();
			store(messages);
			await().atMost(DRAIN_TIMEOUT).until(() -> appliedCount(effects) >= messages);
			await().atMost(DRAIN_TIMEOUT).until(() -> outboxDepth() == 0);
			long drainMillis = millisSince(began);
			long firstSends = lastSends(first);
			long secondSends = lastSends(second);
			ReliableStatistics receiver = receiverStatistics(context);
			long applied = appliedCount(effects);
			new ReliabilityReport("twoSendersOneOutbox").put("messages", messages)
				.put("applied", applied)
				.put("sendsOfInstance1", firstSends)
				.put("sendsOfInstance2", secondSends)
				.put("receiverDuplicatesDiscarded", receiver.getDuplicates())
				.put("receiverAcknowledgements", receiver.getAcknowledgements())
				.put("drainMillis", drainMillis)
				.publish();
			assertThat(applied).isEqualTo(messages);
			assertThat(distinctApplied(effects)).isEqualTo(messages);
			assertThat(receiver.getDuplicates()).as("messages sent twice").isZero();
			assertThat(receiver.getAcknowledgements()).isEqualTo(messages);
		});
	}

	@Test
	void aSenderKilledMidRunLeavesItsClaimsToTheOtherAndEveryMessageIsAppliedOnce() {
		int messages = 3000;
		receiverRunner().run(context -> {
			String address = boundAddress(context);
			JdbcTemplate effects = context.getBean(JdbcTemplate.class);
			ChildJvm doomed = startSender("shared-doomed", address);
			ChildJvm survivor = startSender("shared-survivor", address);
			long began = System.nanoTime();
			store(messages);
			await().atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> appliedCount(effects) >= 800);
			doomed.kill();
			long appliedAtKill = appliedCount(effects);
			long killedAt = System.nanoTime();
			await().atMost(DRAIN_TIMEOUT).until(() -> appliedCount(effects) >= messages);
			await().atMost(DRAIN_TIMEOUT).until(() -> outboxDepth() == 0);
			long drainMillis = millisSince(killedAt);
			ReliableStatistics receiver = receiverStatistics(context);
			long applied = appliedCount(effects);
			long distinct = distinctApplied(effects);
			new ReliabilityReport("senderOfTwoKilled").put("messages", messages)
				.put("appliedAtKill", appliedAtKill)
				.put("applied", applied)
				.put("distinctApplied", distinct)
				.put("sendsOfSurvivor", lastSends(survivor))
				.put("receiverDuplicatesDiscarded", receiver.getDuplicates())
				.put("drainMillisAfterKill", drainMillis)
				.put("totalMillis", millisSince(began))
				.publish();
			assertThat(appliedAtKill).as("the kill landed while messages were still to be delivered")
				.isLessThan(messages);
			assertThat(distinct).isEqualTo(messages);
			assertThat(applied).isEqualTo(messages);
		});
	}

	/**
	 * Stores messages in the shared outbox, as committed sends of the application would.
	 */
	private void store(int messages) {
		JdbcOutboxStore outbox = new JdbcOutboxStore(new JdbcTemplate(this.dataSource), this.prefix);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		long now = System.currentTimeMillis();
		for (int from = 0; from < messages; from += 500) {
			int first = from;
			transactions.executeWithoutResult((status) -> {
				for (int i = first; i < Math.min(first + 500, messages); i++) {
					outbox.save(new OutboxMessage("shared-" + i, OutboxSenderApp.ENDPOINT, Map.of(),
							("order-" + i).getBytes(StandardCharsets.UTF_8), now, 0, now));
				}
			});
		}
	}

	/**
	 * Starts a sender on the shared outbox, with the short timeouts of
	 * {@link ReliableDeliveryFaultTests} unless overridden.
	 * @param overrides settings ({@code key=value}) that replace the defaults
	 */
	private ChildJvm startSender(String name, String receiverAddress, String... overrides) {
		Map<String, String> settings = new LinkedHashMap<>();
		Stream
			.concat(Stream.of("spring.datasource.url=" + TestDatabase.postgreSqlUrl(""),
					"spring.datasource.username=" + TestDatabase.postgreSqlUser(),
					"spring.datasource.password=" + TestDatabase.postgreSqlPassword(),
					"zmq.endpoints.orders-out.type=dealer", "zmq.endpoints.orders-out.delivery=at-least-once",
					"zmq.endpoints.orders-out.connect=" + receiverAddress, "zmq.reliable.table-prefix=" + this.prefix,
					"zmq.reliable.jdbc.initialize-schema=never", "zmq.reliable.ack-timeout=1s",
					"zmq.reliable.initial-backoff=50ms", "zmq.reliable.max-backoff=500ms",
					"zmq.reliable.poll-interval=200ms", "zmq.reliable.max-in-flight=200"), Stream.of(overrides))
			.forEach((setting) -> {
				int equals = setting.indexOf('=');
				settings.put(setting.substring(0, equals), setting.substring(equals + 1));
			});
		List<String> arguments = new ArrayList<>();
		settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		ChildJvm child = ChildJvm.launch(name, OutboxSenderApp.class, arguments);
		this.children.add(child);
		child.awaitReady();
		return child;
	}

	private static ApplicationContextRunner receiverRunner() {
		return new ApplicationContextRunner().withUserConfiguration(EffectsReceiverApp.class)
			.withPropertyValues(
					"spring.datasource.url=jdbc:h2:mem:shared-receiver-" + System.nanoTime()
							+ ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
					"zmq.endpoints.orders-in.type=router", "zmq.endpoints.orders-in.delivery=at-least-once",
					"zmq.endpoints.orders-in.bind=tcp://127.0.0.1:*");
	}

	private static String boundAddress(ApplicationContext context) {
		ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer(EffectsReceiverApp.LISTENER_ID);
		String address = container.getAddresses().get(0);
		assertThat(address).startsWith("tcp://127.0.0.1:").doesNotEndWith(":*");
		return address;
	}

	private static ReliableStatistics receiverStatistics(ApplicationContext context) {
		return context.getBean(ReliableDeliveryRegistry.class).statistics(EffectsReceiverApp.LISTENER_ID);
	}

	private long outboxDepth() {
		Long depth = new JdbcTemplate(this.dataSource).queryForObject("select count(*) from " + this.prefix + "outbox",
				Long.class);
		return (depth != null) ? depth : -1;
	}

	private static long lastSends(ChildJvm sender) {
		return sender.lastNumber("SENDS");
	}

	private static long appliedCount(JdbcTemplate effects) {
		return effects.queryForObject("select count(*) from effects", Long.class);
	}

	private static long distinctApplied(JdbcTemplate effects) {
		return effects.queryForObject("select count(distinct message) from effects", Long.class);
	}

}
