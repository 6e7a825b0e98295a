package dev.zmqspring.benchmarks.starter;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.benchmarks.starter.apps.ReliableReceiverApp;
import dev.zmqspring.benchmarks.starter.apps.SenderApp;
import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's at-least-once delivery: the sender stores each message in its outbox (an
 * in-memory H2 database of its own) and sends it from there; the receiver runs an
 * idempotent listener that records each message id in its own H2 database before
 * acknowledging.
 */
public final class StarterReliable implements ThroughputVariant {

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	private final Arrivals arrivals = new Arrivals();

	private final ConfigurableApplicationContext receiver;

	private final ConfigurableApplicationContext sender;

	private final ZmqTemplate template;

	private final byte[] payload;

	public StarterReliable(int payloadSize) {
		int n = INSTANCES.incrementAndGet();
		this.payload = Payloads.bytes(payloadSize);
		this.receiver = Contexts.starter(ReliableReceiverApp.class, Map.of("arrivals", this.arrivals),
				"zmq.endpoints.in.type=router", "zmq.endpoints.in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.in.delivery=at-least-once",
				"spring.datasource.url=jdbc:h2:mem:bench-receiver-" + n + ";DB_CLOSE_DELAY=-1");
		String address = StarterPushPull.boundAddress(this.receiver, "in");
		this.sender = Contexts.starter(SenderApp.class, Map.of(), "zmq.endpoints.out.type=dealer",
				"zmq.endpoints.out.connect=" + address, "zmq.endpoints.out.delivery=at-least-once",
				"spring.datasource.url=jdbc:h2:mem:bench-sender-" + n + ";DB_CLOSE_DELAY=-1");
		this.template = this.sender.getBean(ZmqTemplate.class);
	}

	@Override
	public Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	public void send(int count) {
		for (int i = 0; i < count; i++) {
			this.template.convertAndSend("out", this.payload);
		}
	}

	@Override
	public void close() {
		this.sender.close();
		this.receiver.close();
	}

}
