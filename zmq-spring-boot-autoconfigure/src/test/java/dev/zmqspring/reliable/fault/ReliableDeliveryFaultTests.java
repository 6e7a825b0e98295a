package dev.zmqspring.reliable.fault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.zmqspring.testsupport.ChildJvm;
import dev.zmqspring.testsupport.ChildMain;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.reliable.ReliableStatistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.zmqspring.reliable.fault.FaultDatabases.fileDatabase;
import static dev.zmqspring.reliable.fault.FaultDatabases.millisSince;
import static dev.zmqspring.reliable.fault.FaultDatabases.numberAfter;
import static dev.zmqspring.reliable.fault.FaultDatabases.queryLong;
import static java.util.function.Predicate.not;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The process-kill proofs of reliable delivery: the receiver, the sender or a REP server
 * runs in a JVM of its own ({@link ChildJvm}) and is killed with SIGKILL at chosen
 * points, then started again. The side that is not killed binds {@code tcp://127.0.0.1:*}
 * and the killed side connects, so that a restarted child needs no fixed port.
 * <p>
 * The databases of the processes that are killed are H2 files in a temporary directory.
 * Each test prints its figures with the prefix {@value ReliabilityReport#PREFIX} and
 * appends them to {@code target/reliability-report.txt}; the output of every child JVM is
 * kept in {@code target/fault-tests/}. Where kill points are drawn at random, the seed is
 * reported and {@code -Dzmq.test.fault.seed=<seed>} repeats it.
 * <p>
 * Each test takes 5 to 25 seconds on two cores; the timeout leaves room for a machine
 * busy with other builds, where child JVMs start slowly.
 */
@Timeout(90)
class ReliableDeliveryFaultTests {

	private static final String SENDING_ENDPOINT = OutboxSenderApp.ENDPOINT;

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	@TempDir
	Path directory;

	private final List<ChildJvm> children = new CopyOnWriteArrayList<>();

	/** How long each child took from launch to {@value ChildJvm#READY}. */
	private final List<Long> startMillis = new CopyOnWriteArrayList<>();

	@AfterEach
	void killLeftoverChildren() {
		this.children.forEach(ChildJvm::close);
	}

	@Test
	void receiverKilledRepeatedlyWhileMessagesFlowProcessesEveryMessageExactlyOnce() {
		int messages = 3000;
		int kills = 3;
		long seed = Long.getLong("zmq.test.fault.seed", System.nanoTime());
		Random random = new Random(seed);
		String receiverDatabase = fileDatabase(this.directory, "receiver");
		senderRunner(fileDatabase(this.directory, "sender")).run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
			List<String> receiverArguments = receiverArguments(receiverDatabase, "connect",
					boundAddress(context.getBean(ZmqSenderRegistry.class).sender(SENDING_ENDPOINT).getAddresses()));
			long began = System.nanoTime();
			ChildJvm receiver = startChild("receiver-1", EffectsReceiverApp.class, receiverArguments);
			AtomicBoolean stopSending = new AtomicBoolean();
			ExecutorService sending = Executors.newSingleThreadExecutor();
			try {
				Future<?> allStored = sending.submit(() -> {
					for (int i = 0; i < messages && !stopSending.get(); i++) {
						template.convertAndSend(SENDING_ENDPOINT, "order-" + i);
					}
				});
				List<Long> killedAfter = new ArrayList<>();
				for (int kill = 1; kill <= kills; kill++) {
					// Killed after it applied 200 to 600 messages (it prints its progress
					// every 100).
					int threshold = 200 + 100 * random.nextInt(5);
					ChildJvm running = receiver;
					running.awaitLine(line -> numberAfter("PROCESSED", line) >= threshold, Duration.ofSeconds(20));
					running.kill();
					killedAfter.add(running.lastNumber("PROCESSED"));
					receiver = startChild("receiver-" + (kill + 1), EffectsReceiverApp.class, receiverArguments);
				}
				long lastRestart = System.nanoTime();
				allStored.get(30, TimeUnit.SECONDS);
				await().atMost(DRAIN_TIMEOUT).until(() -> registry.outboxDepth(SENDING_ENDPOINT) == 0);
				long drainMillis = millisSince(lastRestart);
				receiver.stop();

				long applied = queryLong(receiverDatabase, "select count(*) from effects");
				long distinct = queryLong(receiverDatabase, "select count(distinct message) from effects");
				long deadLetters = queryLong(receiverDatabase, "select count(*) from zmq_dead_letter");
				ReliableStatistics sender = registry.statistics(SENDING_ENDPOINT);
				new ReliabilityReport("receiverKilledRepeatedlyWhileMessagesFlow").put("messages", messages)
					.put("kills", kills)
					.put("killedAfterAppliedInThatRun", killedAfter)
					.put("seed", seed)
					.put("applied", applied)
					.put("distinctApplied", distinct)
					.put("duplicatesApplied", applied - distinct)
					.put("missing", missing(receiverDatabase, messages))
					.put("receiverDeadLetters", deadLetters)
					.put("senderSends", sender.getSends())
					.put("senderRedeliveries", sender.getRedeliveries())
					.put("senderAcknowledgements", sender.getAcknowledgements())
					.put("senderUnacknowledged", sender.getUnacknowledged())
					.put("drainMillisAfterLastRestart", drainMillis)
					.put("receiverStartMillis", this.startMillis)
					.put("totalMillis", millisSince(began))
					.publish();
				assertThat(killedAfter.stream().mapToLong(Long::longValue).sum())
					.as("messages applied by the killed receivers: the rest came after the last kill")
					.isLessThan(messages);
				assertThat(distinct)
					.as("messages applied at least once; the receivers' warnings and errors: %s", receiverProblems())
					.isEqualTo(messages);
				assertThat(applied).as("rows in effects: a duplicate would be a second row").isEqualTo(messages);
				assertThat(sender.getRedeliveries()).as("messages lost with a killed receiver were sent again")
					.isPositive();
			}
			finally {
				stopSending.set(true);
				// Only the sending loop runs there; it holds no socket, so a plain
				// shutdown is safe.
				sending.shutdown();
			}
		});
	}

	@Test
	void senderKilledAfterCommitBeforeSendingDeliversEveryStoredMessageAfterRestart() {
		int messages = 500;
		String senderDatabase = fileDatabase(this.directory, "sender");
		receiverRunner().run(context -> {
			ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer(EffectsReceiverApp.LISTENER_ID);
			JdbcTemplate effects = context.getBean(JdbcTemplate.class);
			String receiverAddress = boundAddress(container.getAddresses());
			List<String> senderArguments = senderArguments(senderDatabase, receiverAddress);
			// No polling either: only the after-commit wake-up, which never comes, could
			// make it send.
			List<String> hangingArguments = senderArguments(senderDatabase, receiverAddress,
					"zmq.reliable.poll-interval=1h", "fault.mode=commit-then-hang", "fault.messages=" + messages);
			ChildJvm hanging = startChild("sender-commit-then-hang", OutboxSenderApp.class, hangingArguments);
			hanging.awaitLine("COMMITTED"::equals, Duration.ofSeconds(20));
			hanging.kill();

			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(2))
				.until(() -> container.getStatistics().getReceived() == 0);
			long receivedBeforeRestart = container.getStatistics().getReceived();
			assertThat(effects.queryForObject("select count(*) from effects", Long.class)).isZero();
			long storedAtKill = queryLong(senderDatabase, "select count(*) from zmq_outbox");
			assertThat(storedAtKill).as("messages committed before SIGKILL, still in the outbox file")
				.isEqualTo(messages);

			long restarted = System.nanoTime();
			ChildJvm sender = startChild("sender-restarted", OutboxSenderApp.class, senderArguments);
			await().atMost(DRAIN_TIMEOUT)
				.until(() -> effects.queryForObject("select count(*) from effects", Long.class) >= messages);
			long deliveryMillis = millisSince(restarted);
			sender.awaitLine("OUTBOX 0"::equals, DRAIN_TIMEOUT);
			sender.stop();

			long applied = effects.queryForObject("select count(*) from effects", Long.class);
			long distinct = effects.queryForObject("select count(distinct message) from effects", Long.class);
			long leftInOutbox = queryLong(senderDatabase, "select count(*) from zmq_outbox");
			ReliableStatistics receiver = context.getBean(ReliableDeliveryRegistry.class)
				.statistics(EffectsReceiverApp.LISTENER_ID);
			new ReliabilityReport("senderKilledAfterCommitBeforeSending").put("messages", messages)
				.put("storedAtKill", storedAtKill)
				.put("receivedBeforeRestart", receivedBeforeRestart)
				.put("applied", applied)
				.put("distinctApplied", distinct)
				.put("duplicatesApplied", applied - distinct)
				.put("receiverAcknowledgements", receiver.getAcknowledgements())
				.put("receiverDuplicatesDiscarded", receiver.getDuplicates())
				.put("leftInSenderOutbox", leftInOutbox)
				.put("millisFromRestartToAllApplied", deliveryMillis)
				.put("senderStartMillis", this.startMillis)
				.publish();
			assertThat(distinct).isEqualTo(messages);
			assertThat(applied).isEqualTo(messages);
			assertThat(leftInOutbox).isZero();
		});
	}

	@Test
	void senderKilledWhileDispatchingResendsWhatWasNotAcknowledgedAndEachMessageIsAppliedOnce() {
		int messages = 3000;
		long seed = Long.getLong("zmq.test.fault.seed", System.nanoTime());
		Random random = new Random(seed);
		String senderDatabase = fileDatabase(this.directory, "sender");
		receiverRunner().run(context -> {
			ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer(EffectsReceiverApp.LISTENER_ID);
			JdbcTemplate effects = context.getBean(JdbcTemplate.class);
			String receiverAddress = boundAddress(container.getAddresses());
			long began = System.nanoTime();
			ChildJvm sender = startChild("sender-1", OutboxSenderApp.class, senderArguments(senderDatabase,
					receiverAddress, "fault.mode=store-then-run", "fault.messages=" + messages));
			sender.awaitLine(("STORED " + messages)::equals, Duration.ofSeconds(20));
			List<Long> killedAtApplied = new ArrayList<>();
			long threshold = 0;
			for (int kill = 1; kill <= 2; kill++) {
				// Killed after the receiver applied another 300 to 700 messages.
				threshold += 300 + 100 * random.nextInt(5);
				long target = threshold;
				await().atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(10))
					.until(() -> appliedCount(effects) >= target);
				sender.kill();
				killedAtApplied.add(appliedCount(effects));
				sender = startChild("sender-" + (kill + 1), OutboxSenderApp.class,
						senderArguments(senderDatabase, receiverAddress));
			}
			long lastRestart = System.nanoTime();
			await().atMost(DRAIN_TIMEOUT).until(() -> appliedCount(effects) >= messages);
			sender.awaitLine("OUTBOX 0"::equals, DRAIN_TIMEOUT);
			long drainMillis = millisSince(lastRestart);
			sender.stop();

			long applied = appliedCount(effects);
			long distinct = effects.queryForObject("select count(distinct message) from effects", Long.class);
			long leftInOutbox = queryLong(senderDatabase, "select count(*) from zmq_outbox");
			ReliableStatistics receiver = context.getBean(ReliableDeliveryRegistry.class)
				.statistics(EffectsReceiverApp.LISTENER_ID);
			new ReliabilityReport("senderKilledWhileDispatching").put("messages", messages)
				.put("kills", killedAtApplied.size())
				.put("appliedAtKills", killedAtApplied)
				.put("seed", seed)
				.put("applied", applied)
				.put("distinctApplied", distinct)
				.put("duplicatesApplied", applied - distinct)
				.put("receiverDuplicatesDiscarded", receiver.getDuplicates())
				.put("receiverAcknowledgements", receiver.getAcknowledgements())
				.put("leftInSenderOutbox", leftInOutbox)
				.put("drainMillisAfterLastRestart", drainMillis)
				.put("senderStartMillis", this.startMillis)
				.put("totalMillis", millisSince(began))
				.publish();
			assertThat(killedAtApplied).as("kills landed while messages were still to be delivered")
				.allSatisfy(appliedAtKill -> assertThat(appliedAtKill).isLessThan(messages));
			assertThat(distinct).isEqualTo(messages);
			assertThat(applied).isEqualTo(messages);
			assertThat(leftInOutbox).isZero();
		});
	}

	@Test
	void repServerKilledMidRequestCallsCompleteOrFailClearlyAndNeverGetAnotherCallsReply() {
		int threads = 8;
		int callsPerThread = 50;
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withPropertyValues("zmq.endpoints.quotes.type=req", "zmq.endpoints.quotes.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.quotes.request-timeout=500ms", "zmq.endpoints.quotes.request-retries=3")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				EndpointStatistics client = context.getBean(ZmqSenderRegistry.class).sender("quotes").getStatistics();
				String address = boundAddress(context.getBean(ZmqSenderRegistry.class).sender("quotes").getAddresses());
				List<String> serverArguments = List.of("--zmq.endpoints.quotes-in.type=rep",
						"--zmq.endpoints.quotes-in.connect=" + address);
				ChildJvm server = startChild("quote-server-1", QuoteServerApp.class, serverArguments);
				assertThat(template.request("quotes", "warm-up", String.class)).isEqualTo("reply:warm-up");

				Calls calls = new Calls(template);
				List<CompletableFuture<String>> slowCalls = new ArrayList<>();
				ExecutorService callers = Executors.newFixedThreadPool(threads);
				try {
					slowCalls.add(template.requestAsync("quotes", "slow-1", String.class, null));
					server.awaitLine("SLOW slow-1"::equals, Duration.ofSeconds(10));
					CountDownLatch firstKillPoint = calls.milestone(100);
					for (int t = 0; t < threads; t++) {
						int thread = t;
						callers.submit(() -> calls.run(thread, callsPerThread));
					}
					assertThat(firstKillPoint.await(20, TimeUnit.SECONDS)).as("100 calls completed").isTrue();
					server.kill();
					int completedAtFirstKill = calls.completed();
					server = startChild("quote-server-2", QuoteServerApp.class, serverArguments);

					slowCalls.add(template.requestAsync("quotes", "slow-2", String.class, null));
					server.awaitLine("SLOW slow-2"::equals, Duration.ofSeconds(10));
					CountDownLatch secondKillPoint = calls.milestone(calls.completed() + 40);
					assertThat(secondKillPoint.await(20, TimeUnit.SECONDS)).as("40 more calls completed").isTrue();
					server.kill();
					int completedAtSecondKill = calls.completed();
					// A longer outage this time: calls use up their retries and fail with
					// a timeout.
					await().atMost(Duration.ofSeconds(10)).until(() -> calls.timedOut.get() > 0);
					server = startChild("quote-server-3", QuoteServerApp.class, serverArguments);

					callers.shutdown();
					assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).as("all calls ended").isTrue();
					for (CompletableFuture<String> slow : slowCalls) {
						assertThat(slow).failsWithin(Duration.ofSeconds(10))
							.withThrowableThat()
							.havingCause()
							.isInstanceOf(ZmqRequestTimeoutException.class);
					}
					String afterwards = template.request("quotes", "after-the-kills", String.class);

					new ReliabilityReport("repServerKilledMidRequest").put("calls", threads * callsPerThread)
						.put("kills", 2)
						.put("completedAtKills", List.of(completedAtFirstKill, completedAtSecondKill))
						.put("replied", calls.replied.get())
						.put("timedOut", calls.timedOut.get())
						.put("remoteErrors", calls.remoteErrors.get())
						.put("wrongReplies", calls.wrongReplies.size())
						.put("otherFailures", calls.otherFailures.size())
						.put("callsSlowedByAKill", calls.slowed.get())
						.put("clientTimeoutsInclRetries", client.getTimeouts())
						.put("lateRepliesDiscarded", client.getLateReplies())
						.put("serverStartMillis", this.startMillis)
						.publish();
					assertThat(calls.wrongReplies).as("calls that got another call's reply").isEmpty();
					assertThat(calls.otherFailures).as("calls that failed other than by timeout or remote error")
						.isEmpty();
					assertThat(calls.replied.get() + calls.timedOut.get() + calls.remoteErrors.get())
						.isEqualTo(threads * callsPerThread);
					assertThat(completedAtFirstKill).as("calls in flight at the first kill")
						.isLessThan(threads * callsPerThread);
					assertThat(completedAtSecondKill).as("calls in flight at the second kill")
						.isLessThan(threads * callsPerThread);
					assertThat(calls.slowed.get()).as("calls that took longer than one timeout: the kills hit them")
						.isPositive();
					assertThat(calls.replied.get()).isPositive();
					assertThat(calls.timedOut.get()).as("calls that failed with a timeout in the long outage")
						.isPositive();
					assertThat(afterwards).isEqualTo("reply:after-the-kills");
				}
				finally {
					// The callers only wait on futures with timeouts; a plain shutdown
					// lets them end.
					callers.shutdown();
				}
			});
	}

	@Test
	void receiverDownForAWhileSendsKeepSucceedingAndOutboxDrains() {
		int messages = 1000;
		String receiverDatabase = fileDatabase(this.directory, "receiver");
		senderRunner(fileDatabase(this.directory, "sender")).run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			ReliableDeliveryRegistry registry = context.getBean(ReliableDeliveryRegistry.class);
			ReliableStatistics sender = registry.statistics(SENDING_ENDPOINT);
			String address = boundAddress(
					context.getBean(ZmqSenderRegistry.class).sender(SENDING_ENDPOINT).getAddresses());

			long sendingBegan = System.nanoTime();
			for (int i = 0; i < messages / 2; i++) {
				template.convertAndSend(SENDING_ENDPOINT, "order-" + i);
			}
			long firstHalfMillis = millisSince(sendingBegan);
			assertThat(registry.outboxDepth(SENDING_ENDPOINT)).isEqualTo(messages / 2);
			// The dispatcher has sent into the void and got no acknowledgement; it keeps
			// every message.
			await().atMost(Duration.ofSeconds(10)).until(() -> sender.getUnacknowledged() > 0);
			assertThat(registry.outboxDepth(SENDING_ENDPOINT)).isEqualTo(messages / 2);
			long unacknowledgedWhileDown = sender.getUnacknowledged();

			long receiverLaunched = System.nanoTime();
			ChildJvm receiver = startChild("receiver", EffectsReceiverApp.class,
					receiverArguments(receiverDatabase, "connect", address));
			for (int i = messages / 2; i < messages; i++) {
				template.convertAndSend(SENDING_ENDPOINT, "order-" + i);
			}
			await().atMost(DRAIN_TIMEOUT).until(() -> registry.outboxDepth(SENDING_ENDPOINT) == 0);
			long drainMillis = millisSince(receiverLaunched);
			receiver.stop();

			long applied = queryLong(receiverDatabase, "select count(*) from effects");
			long distinct = queryLong(receiverDatabase, "select count(distinct message) from effects");
			new ReliabilityReport("receiverDownForAWhile").put("messages", messages)
				.put("storedWhileDown", messages / 2)
				.put("millisToStoreFirstHalf", firstHalfMillis)
				.put("unacknowledgedWhileDown", unacknowledgedWhileDown)
				.put("applied", applied)
				.put("duplicatesApplied", applied - distinct)
				.put("senderSends", sender.getSends())
				.put("senderRedeliveries", sender.getRedeliveries())
				.put("millisFromReceiverLaunchToEmptyOutbox", drainMillis)
				.publish();
			assertThat(distinct).isEqualTo(messages);
			assertThat(applied).isEqualTo(messages);
		});
	}

	/** What the children logged at WARN or ERROR, for a failure's message. */
	private List<String> receiverProblems() {
		return this.children.stream()
			.flatMap(child -> child.linesMatching(line -> line.contains(" WARN ") || line.contains(" ERROR ")).stream())
			.limit(40)
			.toList();
	}

	/** The messages {@code order-0} to {@code order-<count - 1>} that have no effect. */
	private static List<String> missing(String database, int count) {
		Set<String> applied = new HashSet<>(FaultDatabases.queryStrings(database, "select message from effects"));
		return IntStream.range(0, count).mapToObj(i -> "order-" + i).filter(not(applied::contains)).toList();
	}

	private ChildJvm startChild(String name, Class<?> mainClass, List<String> arguments) {
		ChildJvm child = ChildJvm.launch(name, mainClass, arguments);
		this.children.add(child);
		this.startMillis.add(child.awaitReady().toMillis());
		return child;
	}

	private static ApplicationContextRunner senderRunner(String database) {
		return new ApplicationContextRunner().withUserConfiguration(OutboxSenderApp.class)
			.withPropertyValues("spring.datasource.url=" + database, "spring.datasource.username=sa",
					"zmq.endpoints.orders-out.type=dealer", "zmq.endpoints.orders-out.delivery=at-least-once",
					"zmq.endpoints.orders-out.bind=tcp://127.0.0.1:*")
			.withPropertyValues(reliableSettings().toArray(String[]::new));
	}

	private static ApplicationContextRunner receiverRunner() {
		return new ApplicationContextRunner().withUserConfiguration(EffectsReceiverApp.class)
			.withPropertyValues(
					"spring.datasource.url=jdbc:h2:mem:fault-receiver-" + System.nanoTime()
							+ ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
					"zmq.endpoints.orders-in.type=router", "zmq.endpoints.orders-in.delivery=at-least-once",
					"zmq.endpoints.orders-in.bind=tcp://127.0.0.1:*");
	}

	/** Arguments of a receiver child that connects to (or binds) an address. */
	private static List<String> receiverArguments(String database, String bindOrConnect, String address) {
		return List.of("--spring.datasource.url=" + database, "--spring.datasource.username=sa",
				"--zmq.endpoints.orders-in.type=router", "--zmq.endpoints.orders-in.delivery=at-least-once",
				"--zmq.endpoints.orders-in." + bindOrConnect + "=" + address, "--fault.progress-every=100",
				// A file database is not embedded: the tables are created only when
				// asked.
				"--zmq.reliable.jdbc.initialize-schema=always");
	}

	/**
	 * Arguments of a sender child that connects to the receiver.
	 * @param overrides settings ({@code key=value}) that replace those of
	 * {@link #reliableSettings()}
	 */
	private static List<String> senderArguments(String database, String receiverAddress, String... overrides) {
		Map<String, String> settings = new LinkedHashMap<>();
		Stream.concat(reliableSettings().stream(), Stream.of(overrides)).forEach(setting -> {
			int equals = setting.indexOf('=');
			settings.put(setting.substring(0, equals), setting.substring(equals + 1));
		});
		List<String> arguments = new ArrayList<>(
				List.of("--spring.datasource.url=" + database, "--spring.datasource.username=sa",
						"--zmq.endpoints.orders-out.type=dealer", "--zmq.endpoints.orders-out.delivery=at-least-once",
						"--zmq.endpoints.orders-out.connect=" + receiverAddress));
		settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments;
	}

	/**
	 * Short timeouts, so that messages lost with a killed peer are sent again within
	 * about a second; fewer messages on the wire at once than the default, so that a
	 * receiver that just started is not flooded into timeouts.
	 */
	private static List<String> reliableSettings() {
		// A file database is not embedded: the tables are created only when asked.
		return List.of("zmq.reliable.ack-timeout=1s", "zmq.reliable.initial-backoff=50ms",
				"zmq.reliable.max-backoff=500ms", "zmq.reliable.poll-interval=200ms", "zmq.reliable.max-in-flight=200",
				"zmq.reliable.jdbc.initialize-schema=always");
	}

	private static String boundAddress(List<String> addresses) {
		assertThat(addresses).hasSize(1);
		assertThat(addresses.get(0)).startsWith("tcp://127.0.0.1:").doesNotEndWith(":*");
		return addresses.get(0);
	}

	private static long appliedCount(JdbcTemplate effects) {
		return effects.queryForObject("select count(*) from effects", Long.class);
	}

	/**
	 * Request-reply calls from several threads, each with a payload of its own, sorted by
	 * outcome.
	 */
	private static final class Calls {

		private final ZmqTemplate template;

		final AtomicInteger replied = new AtomicInteger();

		final AtomicInteger timedOut = new AtomicInteger();

		final AtomicInteger remoteErrors = new AtomicInteger();

		final AtomicInteger slowed = new AtomicInteger();

		final Queue<String> wrongReplies = new ConcurrentLinkedQueue<>();

		final Queue<Throwable> otherFailures = new ConcurrentLinkedQueue<>();

		private final AtomicInteger completed = new AtomicInteger();

		private volatile int milestone = Integer.MAX_VALUE;

		private volatile CountDownLatch milestoneReached = new CountDownLatch(1);

		Calls(ZmqTemplate template) {
			this.template = template;
		}

		/** A latch that opens once this many calls have completed. */
		CountDownLatch milestone(int completedCalls) {
			CountDownLatch latch = new CountDownLatch(1);
			this.milestoneReached = latch;
			this.milestone = completedCalls;
			if (this.completed.get() >= completedCalls) {
				latch.countDown();
			}
			return latch;
		}

		int completed() {
			return this.completed.get();
		}

		void run(int thread, int calls) {
			for (int i = 0; i < calls; i++) {
				String request = "call-" + thread + "-" + i;
				long started = System.nanoTime();
				try {
					String reply = this.template.request("quotes", request, String.class);
					if (("reply:" + request).equals(reply)) {
						this.replied.incrementAndGet();
					}
					else {
						this.wrongReplies.add(request + " got " + reply);
					}
				}
				catch (ZmqRequestTimeoutException ex) {
					this.timedOut.incrementAndGet();
				}
				catch (ZmqRemoteException ex) {
					this.remoteErrors.incrementAndGet();
				}
				catch (RuntimeException ex) {
					this.otherFailures.add(ex);
				}
				finally {
					if (millisSince(started) >= 500) {
						this.slowed.incrementAndGet();
					}
					if (this.completed.incrementAndGet() >= this.milestone) {
						this.milestoneReached.countDown();
					}
				}
			}
		}

	}

}
