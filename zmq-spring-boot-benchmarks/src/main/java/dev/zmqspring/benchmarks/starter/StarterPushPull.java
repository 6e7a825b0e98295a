package dev.zmqspring.benchmarks.starter;

import java.util.Map;

import dev.zmqspring.benchmarks.starter.apps.BytesReceiverApp;
import dev.zmqspring.benchmarks.starter.apps.OrderReceiverApp;
import dev.zmqspring.benchmarks.starter.apps.SenderApp;
import dev.zmqspring.benchmarks.starter.publisher.OrderPublisher;
import dev.zmqspring.benchmarks.starter.publisher.OrderSenderApp;
import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's PUSH/PULL over tcp: a receiving application with a {@code @ZmqListener}
 * that binds, and a sending application that connects, sending {@code byte[]} through
 * {@code ZmqTemplate} or orders through a {@code @ZmqPublisher} interface.
 */
public final class StarterPushPull implements ThroughputVariant {

	private final Arrivals arrivals = new Arrivals();

	private final ConfigurableApplicationContext receiver;

	private final ConfigurableApplicationContext sender;

	private final byte[] payload;

	private final OrderPublisher publisher;

	private final ZmqTemplate template;

	/**
	 * Starts both applications.
	 * @param payloadSize bytes per message, or 0 to send JSON orders
	 */
	public StarterPushPull(int payloadSize) {
		this(payloadSize, false);
	}

	/**
	 * Starts both applications.
	 * @param payloadSize bytes per message, or 0 to send JSON orders
	 * @param socketPerThread whether the sending endpoint gives the sending thread a
	 * socket of its own
	 */
	public StarterPushPull(int payloadSize, boolean socketPerThread) {
		boolean json = payloadSize == 0;
		this.receiver = Contexts.starter(json ? OrderReceiverApp.class : BytesReceiverApp.class,
				Map.of("arrivals", this.arrivals), "zmq.endpoints.in.type=pull",
				"zmq.endpoints.in.bind=tcp://127.0.0.1:*");
		String address = boundAddress(this.receiver, "in");
		this.sender = Contexts.starter(json ? OrderSenderApp.class : SenderApp.class, Map.of(),
				"zmq.endpoints.out.type=push", "zmq.endpoints.out.connect=" + address,
				"zmq.endpoints.out.socket-per-thread=" + socketPerThread);
		this.payload = json ? null : Payloads.bytes(payloadSize);
		this.publisher = json ? this.sender.getBean(OrderPublisher.class) : null;
		this.template = this.sender.getBean(ZmqTemplate.class);
	}

	/** The address a listener bound, with the port the system chose. */
	static String boundAddress(ConfigurableApplicationContext context, String listenerId) {
		return context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer(listenerId)
			.getAddresses()
			.get(0);
	}

	@Override
	public Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	public void send(int count) {
		if (this.publisher != null) {
			for (int i = 0; i < count; i++) {
				this.publisher.publish(Payloads.order(i));
			}
		}
		else {
			for (int i = 0; i < count; i++) {
				this.template.send("out", this.payload);
			}
		}
	}

	@Override
	public void close() {
		this.sender.close();
		this.receiver.close();
	}

}
