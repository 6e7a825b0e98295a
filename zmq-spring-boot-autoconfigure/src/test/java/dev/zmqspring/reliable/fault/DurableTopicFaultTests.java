package dev.zmqspring.reliable.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.GroupStatistics;
import dev.zmqspring.testsupport.ChildJvm;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.zmqspring.reliable.fault.FaultDatabases.fileDatabase;
import static dev.zmqspring.reliable.fault.FaultDatabases.millisSince;
import static dev.zmqspring.reliable.fault.FaultDatabases.numberAfter;
import static dev.zmqspring.reliable.fault.FaultDatabases.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The process-kill proofs of durable topics. The publisher runs in the test's JVM and
 * binds {@code tcp://127.0.0.1:*}; each member of a subscription group is a JVM of its
 * own ({@link ChildJvm}, {@link EffectsReceiverApp} with its endpoint declared a durable
 * subscriber), killed with SIGKILL at chosen points and started again. A member applies
 * each message by inserting a row into its {@code effects} table in the transaction that
 * records the message id, so a message applied twice shows as two rows. The figures go to
 * {@code target/reliability-report.txt}; kill points drawn at random report their seed,
 * and {@code -Dzmq.test.fault.seed=<seed>} repeats them.
 */
@Timeout(150)
class DurableTopicFaultTests {

	private static final String TOPIC = "user-events";

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

	@TempDir
	Path directory;

	private final List<ChildJvm> children = new CopyOnWriteArrayList<>();

	private final List<Long> startMillis = new CopyOnWriteArrayList<>();

	@AfterEach
	void killLeftoverChildren() {
		this.children.forEach(ChildJvm::close);
	}

	@Test
	void aMemberKilledThreeTimesWhileMessagesArePublishedAppliesEachOnceAndTheGroupThatStayedUpGetsAll() {
		int messages = 5000;
		int kills = 3;
		long seed = Long.getLong("zmq.test.fault.seed", System.nanoTime());
		Random random = new Random(seed);
		String emailDatabase = fileDatabase(this.directory, "email");
		String smsDatabase = fileDatabase(this.directory, "sms");
		publisher().run((context) -> {
			String address = address(context);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			DurableTopics topics = context.getBean(DurableTopics.class);
			long began = System.nanoTime();
			ChildJvm sms = startChild("sms", memberArguments(smsDatabase, address, "sms"));
			ChildJvm email = startChild("email-1", memberArguments(emailDatabase, address, "email"));
			AtomicBoolean stop = new AtomicBoolean();
			ExecutorService publishing = Executors.newSingleThreadExecutor();
			try {
				Future<?> allPublished = publishing.submit(() -> {
					for (int i = 0; i < messages && !stop.get(); i++) {
						template.convertAndSend(TOPIC, "user.registered", "user-" + i);
					}
				});
				List<Long> killedAfter = new ArrayList<>();
				for (int kill = 1; kill <= kills; kill++) {
					// Killed after it applied 200 to 600 messages in that run (it prints
					// its progress every 100).
					int threshold = 200 + 100 * random.nextInt(5);
					ChildJvm running = email;
					running.awaitLine((line) -> numberAfter("PROCESSED", line) >= threshold, Duration.ofSeconds(30));
					running.kill();
					killedAfter.add(running.lastNumber("PROCESSED"));
					email = startChild("email-" + (kill + 1), memberArguments(emailDatabase, address, "email"));
				}
				long lastRestart = System.nanoTime();
				allPublished.get(60, TimeUnit.SECONDS);
				await().atMost(DRAIN_TIMEOUT).until(() -> pending(topics, "email") == 0 && pending(topics, "sms") == 0);
				long drainMillis = millisSince(lastRestart);
				email.stop();
				sms.stop();
				long applied = queryLong(emailDatabase, "select count(*) from effects");
				long distinct = queryLong(emailDatabase, "select count(distinct message) from effects");
				long smsApplied = queryLong(smsDatabase, "select count(*) from effects");
				long smsDistinct = queryLong(smsDatabase, "select count(distinct message) from effects");
				if (applied != messages || distinct != messages) {
					System.out.println("DIAG duplicated: " + FaultDatabases.queryStrings(emailDatabase,
							"select message from effects group by message having count(*) > 1"));
					System.out.println(
							"DIAG processed ids: " + queryLong(emailDatabase, "select count(*) from zmq_processed"));
					Set<String> seen = new HashSet<>(
							FaultDatabases.queryStrings(emailDatabase, "select message from effects"));
					for (int i = 0; i < messages; i++) {
						if (!seen.contains("user-" + i)) {
							System.out.println("DIAG missing: user-" + i);
						}
					}
					System.out.println("DIAG member logs in target/fault-tests");
				}
				GroupStatistics emailCounts = topics.statistics(TOPIC, "email");
				new ReliabilityReport("durableTopicMemberKilledThreeTimes").put("messages", messages)
					.put("kills", kills)
					.put("killedAfterAppliedInThatRun", killedAfter)
					.put("seed", seed)
					.put("emailApplied", applied)
					.put("emailDuplicatesApplied", applied - distinct)
					.put("emailDelivered", emailCounts.getDelivered())
					.put("emailRedelivered", emailCounts.getRedelivered())
					.put("smsApplied", smsApplied)
					.put("smsRedelivered", topics.statistics(TOPIC, "sms").getRedelivered())
					.put("drainMillisAfterLastRestart", drainMillis)
					.put("memberStartMillis", this.startMillis)
					.put("totalMillis", millisSince(began))
					.publish();
				assertThat(killedAfter.stream().mapToLong(Long::longValue).sum())
					.as("messages applied by the killed members: the rest came after the last kill")
					.isLessThan(messages);
				assertThat(distinct).as("messages the killed group applied at least once").isEqualTo(messages);
				assertThat(applied).as("rows in its effects: a duplicate would be a second row").isEqualTo(messages);
				assertThat(smsDistinct).as("messages the group that stayed up applied").isEqualTo(messages);
				assertThat(smsApplied).isEqualTo(messages);
			}
			finally {
				stop.set(true);
				// Only the publishing loop runs there; it holds no socket.
				publishing.shutdown();
			}
		});
	}

	@Test
	void aGroupDownForTheWholePublicationGetsEveryMessageFromItsStoredPosition() {
		int messages = 2000;
		String database = fileDatabase(this.directory, "late");
		publisher().withPropertyValues("zmq.endpoints.user-events.groups=email").run((context) -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			for (int i = 0; i < messages; i++) {
				template.convertAndSend(TOPIC, "user.registered", "user-" + i);
			}
			DurableTopics topics = context.getBean(DurableTopics.class);
			assertThat(pending(topics, "email")).isEqualTo(messages);
			long started = System.nanoTime();
			ChildJvm email = startChild("email-late", memberArguments(database, address(context), "email"));
			long ready = System.nanoTime();
			email.awaitLine((line) -> numberAfter("PROCESSED", line) >= 100, Duration.ofSeconds(30));
			long firstHundredMillis = millisSince(ready);
			await().atMost(DRAIN_TIMEOUT).until(() -> pending(topics, "email") == 0);
			long drainMillis = millisSince(ready);
			email.stop();
			long applied = queryLong(database, "select count(*) from effects");
			long distinct = queryLong(database, "select count(distinct message) from effects");
			new ReliabilityReport("durableTopicGroupDownForWholePublication").put("messages", messages)
				.put("applied", applied)
				.put("distinctApplied", distinct)
				.put("memberStartMillis", TimeUnit.NANOSECONDS.toMillis(ready - started))
				.put("firstHundredMillisAfterReady", firstHundredMillis)
				.put("drainMillisAfterReady", drainMillis)
				.put("redelivered", topics.statistics(TOPIC, "email").getRedelivered())
				.publish();
			assertThat(distinct).isEqualTo(messages);
			assertThat(applied).isEqualTo(messages);
		});
	}

	@Test
	void twoMembersOfOneGroupOneKilledMidRunApplyEachMessageOnce() throws Exception {
		int messages = 3000;
		Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
		try {
			// Both members share one database, as two instances of a service do: their
			// processed ids and effects.
			String shared = "jdbc:h2:tcp://localhost:" + server.getPort() + "/mem:group-" + System.nanoTime()
					+ ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
			publisher().run((context) -> {
				String address = address(context);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				DurableTopics topics = context.getBean(DurableTopics.class);
				ChildJvm doomed = startChild("email-doomed", memberArguments(shared, address, "email"));
				ChildJvm survivor = startChild("email-survivor", memberArguments(shared, address, "email"));
				await().atMost(DRAIN_TIMEOUT).until(() -> topics.groupNames(TOPIC).contains("email"));
				// Published at a pace until the doomed member has applied its share: a
				// member whose first connection stalled (JeroMQ's connect stall, which
				// the
				// publisher ends after its handshake interval) joins seconds late, and
				// must
				// find work left when it does.
				AtomicInteger published = new AtomicInteger();
				await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
					for (int i = 0; i < 20 && published.get() < messages; i++) {
						template.convertAndSend(TOPIC, "user.registered", "user-" + published.getAndIncrement());
					}
					return doomed.hasPrinted((line) -> numberAfter("PROCESSED", line) >= 100);
				});
				doomed.kill();
				while (published.get() < messages) {
					template.convertAndSend(TOPIC, "user.registered", "user-" + published.getAndIncrement());
				}
				long killedAfter = doomed.lastNumber("PROCESSED");
				long killedAt = System.nanoTime();
				await().atMost(DRAIN_TIMEOUT).until(() -> pending(topics, "email") == 0);
				long drainMillis = millisSince(killedAt);
				long survivorApplied = survivor.lastNumber("PROCESSED");
				survivor.stop();
				long applied = queryLong(shared, "select count(*) from effects");
				long distinct = queryLong(shared, "select count(distinct message) from effects");
				new ReliabilityReport("durableTopicTwoMembersOneKilled").put("messages", messages)
					.put("killedMemberAppliedAtLeast", killedAfter)
					.put("survivorAppliedAtLeast", survivorApplied)
					.put("applied", applied)
					.put("distinctApplied", distinct)
					.put("redelivered", topics.statistics(TOPIC, "email").getRedelivered())
					.put("drainMillisAfterKill", drainMillis)
					.publish();
				assertThat(survivorApplied).as("the survivor shared the work").isPositive();
				assertThat(distinct).isEqualTo(messages);
				assertThat(applied).as("rows in the shared effects: a duplicate would be a second row")
					.isEqualTo(messages);
			});
		}
		finally {
			server.stop();
		}
	}

	private ApplicationContextRunner publisher() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					ZmqAutoConfiguration.class))
			.withPropertyValues(
					"spring.datasource.url=jdbc:h2:mem:topic-publisher-" + System.nanoTime()
							+ ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
					"zmq.endpoints.user-events.type=pub", "zmq.endpoints.user-events.delivery=at-least-once",
					"zmq.endpoints.user-events.bind=tcp://127.0.0.1:*", "zmq.endpoints.user-events.groups=email,sms",
					// A killed member's messages are due again a second after it fetched
					// them.
					"zmq.reliable.ack-timeout=1s", "zmq.reliable.poll-interval=200ms",
					"zmq.reliable.initial-backoff=50ms");
	}

	/** Arguments of a member child of a group, connecting to the publisher. */
	private static List<String> memberArguments(String database, String address, String group) {
		return List.of("--spring.datasource.url=" + database, "--spring.datasource.username=sa",
				"--zmq.endpoints.orders-in.type=sub", "--zmq.endpoints.orders-in.delivery=at-least-once",
				"--zmq.endpoints.orders-in.connect=" + address, "--zmq.endpoints.orders-in.group=" + group,
				"--fault.progress-every=100",
				// A file or server database is not embedded: the tables are created only
				// when asked.
				"--zmq.reliable.jdbc.initialize-schema=always");
	}

	private ChildJvm startChild(String name, List<String> arguments) {
		ChildJvm child = ChildJvm.launch(name, EffectsReceiverApp.class, arguments);
		this.children.add(child);
		this.startMillis.add(child.awaitReady().toMillis());
		return child;
	}

	private static String address(AssertableApplicationContext context) {
		List<String> addresses = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer("zmq-topic-" + TOPIC)
			.getAddresses();
		assertThat(addresses).singleElement().asString().startsWith("tcp://127.0.0.1:").doesNotEndWith(":*");
		return addresses.get(0);
	}

	private static long pending(DurableTopics topics, String group) {
		return topics.backlog(TOPIC, group).pending();
	}

}
