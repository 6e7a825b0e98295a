package dev.zmqspring.benchmarks.starter;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.benchmarks.starter.apps.DurableReceiverApp;
import dev.zmqspring.benchmarks.starter.apps.SenderApp;
import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A durable topic: the publisher stores each message in its H2 database (in memory) for
 * two subscription groups; one subscribing application has a member of each, each an
 * idempotent listener that records the message ids in its own H2 database. A message
 * counts as arrived when group {@code a} processed it; group {@code b} does the same work
 * meanwhile.
 */
public final class StarterDurableTopic implements ThroughputVariant {

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	private final Arrivals arrivals = new Arrivals();

	private final ConfigurableApplicationContext publisher;

	private final ConfigurableApplicationContext subscriber;

	private final ZmqTemplate template;

	private final byte[] payload;

	public StarterDurableTopic(int payloadSize) {
		int n = INSTANCES.incrementAndGet();
		this.payload = Payloads.bytes(payloadSize);
		this.publisher = Contexts.starter(SenderApp.class, Map.of(), "zmq.endpoints.out.type=pub",
				"zmq.endpoints.out.bind=tcp://127.0.0.1:*", "zmq.endpoints.out.delivery=at-least-once",
				"zmq.endpoints.out.groups=a,b",
				"spring.datasource.url=jdbc:h2:mem:bench-publisher-" + n + ";DB_CLOSE_DELAY=-1");
		String address = this.publisher.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer("zmq-topic-out")
			.getAddresses()
			.get(0);
		this.subscriber = Contexts.starter(DurableReceiverApp.class, Map.of("arrivals", this.arrivals),
				"zmq.endpoints.in.type=sub", "zmq.endpoints.in.connect=" + address,
				"zmq.endpoints.in.delivery=at-least-once",
				"spring.datasource.url=jdbc:h2:mem:bench-subscriber-" + n + ";DB_CLOSE_DELAY=-1");
		this.template = this.publisher.getBean(ZmqTemplate.class);
	}

	@Override
	public Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	public void send(int count) {
		for (int i = 0; i < count; i++) {
			this.template.convertAndSend("out", "bench", this.payload);
		}
	}

	@Override
	public void close() {
		this.subscriber.close();
		this.publisher.close();
	}

}
