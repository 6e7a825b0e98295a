package dev.zmqspring.benchmarks.starter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.benchmarks.starter.apps.RecordingGroupsApp;
import dev.zmqspring.benchmarks.starter.apps.RecordingReceiverApp;
import dev.zmqspring.benchmarks.starter.apps.SenderApp;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.LocalPostgreSql;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.SendingThreads;
import dev.zmqspring.benchmarks.support.ThreadedVariant;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.GroupStatistics;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.reliable.ReliableStatistics;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * At-least-once delivery on PostgreSQL, as a user would run it with default settings:
 * several application threads send, each message stored with a durable commit of its own
 * (no transaction of the caller), and the receiving application's idempotent listener
 * records each message with one insert. Point to point (an outbox and a ROUTER), or a
 * durable topic with two subscription groups (a message arrives when group {@code a}
 * recorded it; group {@code b} does the same work meanwhile). Sender and receiver each
 * have a database of their own on one server.
 */
public final class StarterPostgreSql extends ThreadedVariant {

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	private final ConfigurableApplicationContext receiver;

	private final ConfigurableApplicationContext sender;

	private final SendingThreads threads;

	private final boolean durableTopic;

	/**
	 * Starts the two applications.
	 * @param server the PostgreSQL server, where the two applications' databases are
	 * created
	 * @param durableTopic a durable topic with two groups, else point to point
	 * @param threadCount the sending threads
	 * @param payloadSize the payload's bytes
	 */
	public StarterPostgreSql(LocalPostgreSql server, boolean durableTopic, int threadCount, int payloadSize) {
		int n = INSTANCES.incrementAndGet();
		this.durableTopic = durableTopic;
		byte[] payload = Payloads.bytes(payloadSize);
		String[] senderDatabase = database(server, "sender" + n);
		String[] receiverDatabase = database(server, "receiver" + n);
		if (durableTopic) {
			this.sender = Contexts.starter(SenderApp.class, Map.of(),
					with(senderDatabase, "zmq.endpoints.out.type=pub", "zmq.endpoints.out.bind=tcp://127.0.0.1:*",
							"zmq.endpoints.out.delivery=at-least-once", "zmq.endpoints.out.groups=a,b"));
			String address = this.sender.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer("zmq-topic-out")
				.getAddresses()
				.get(0);
			this.receiver = Contexts.starter(RecordingGroupsApp.class, Map.of("arrivals", arrivals()),
					with(receiverDatabase, "zmq.endpoints.in.type=sub", "zmq.endpoints.in.connect=" + address,
							"zmq.endpoints.in.delivery=at-least-once"));
		}
		else {
			// A port of its own, bound again when the listener restarts.
			this.receiver = Contexts.starter(RecordingReceiverApp.class, Map.of("arrivals", arrivals()),
					with(receiverDatabase, "zmq.endpoints.in.type=router",
							"zmq.endpoints.in.bind=tcp://127.0.0.1:" + freePort(),
							"zmq.endpoints.in.delivery=at-least-once"));
			String address = StarterPushPull.boundAddress(this.receiver, "in");
			this.sender = Contexts.starter(SenderApp.class, Map.of(),
					with(senderDatabase, "zmq.endpoints.out.type=dealer", "zmq.endpoints.out.connect=" + address,
							"zmq.endpoints.out.delivery=at-least-once"));
		}
		ZmqTemplate template = this.sender.getBean(ZmqTemplate.class);
		this.threads = new SendingThreads(threadCount,
				(index) -> durableTopic ? (sequence) -> template.convertAndSend("out", "bench", payload)
						: (sequence) -> template.convertAndSend("out", payload));
	}

	/**
	 * Stops the receiving listeners, sends {@code count} messages (stored while nobody
	 * takes them), starts the listeners again and waits for every message.
	 * @return how long after the restart the first message arrived, and how fast the
	 * backlog drained
	 */
	public Drain drainBacklog(int count, Duration timeout) throws Exception {
		ZmqListenerEndpointRegistry listeners = this.receiver.getBean(ZmqListenerEndpointRegistry.class);
		List<String> ids = this.durableTopic ? List.of("a", "b") : List.of("in");
		ids.forEach((id) -> listeners.getListenerContainer(id).stop());
		arrivals().reset(count);
		send(count);
		long restart = System.nanoTime();
		ids.forEach((id) -> listeners.getListenerContainer(id).start());
		long drainNanos = arrivals().await(timeout);
		return new Drain((arrivals().firstNanos() - restart) / 1e6, count * 1e9 / drainNanos);
	}

	/**
	 * Re-sends (point to point) or deliveries again (durable topic, group {@code a}) per
	 * message so far.
	 */
	public double redeliveriesPerMessage() {
		if (this.durableTopic) {
			GroupStatistics group = this.sender.getBean(DurableTopics.class).statistics("out", "a");
			return (double) group.getRedelivered() / Math.max(1, group.getAcknowledged());
		}
		ReliableStatistics out = this.sender.getBean(ReliableDeliveryRegistry.class).statistics("out");
		return (double) out.getRedeliveries() / Math.max(1, out.getAcknowledgements());
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String[] database(LocalPostgreSql server, String name) {
		server.createDatabase(name);
		return new String[] { "spring.datasource.url=" + server.url(name),
				"spring.datasource.username=" + server.user(), "spring.datasource.hikari.maximum-pool-size=16",
				"zmq.reliable.jdbc.initialize-schema=always" };
	}

	private static List<String> with(String[] database, String... properties) {
		List<String> all = new ArrayList<>(List.of(database));
		all.addAll(List.of(properties));
		return all;
	}

	@Override
	protected SendingThreads threads() {
		return this.threads;
	}

	/**
	 * The drain of a backlog.
	 *
	 * @param firstMessageMillis from the listeners' restart to the first message
	 * @param messagesPerSecond from the first message to the last
	 */
	public record Drain(double firstMessageMillis, double messagesPerSecond) {
	}

	@Override
	public void close() {
		this.threads.close();
		this.receiver.close();
		this.sender.close();
	}

}
