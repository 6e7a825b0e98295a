package dev.zmqspring.benchmarks.starter;

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
			this.receiver = Contexts.starter(RecordingReceiverApp.class, Map.of("arrivals", arrivals()),
					with(receiverDatabase, "zmq.endpoints.in.type=router", "zmq.endpoints.in.bind=tcp://127.0.0.1:*",
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

	@Override
	public void close() {
		this.threads.close();
		this.receiver.close();
		this.sender.close();
	}

}
