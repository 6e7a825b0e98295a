package dev.zmqspring.benchmarks.starter;

import java.util.HashMap;
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
		this(payloadSize, socketPerThread, false, Map.of(), Map.of());
	}

	private StarterPushPull(int payloadSize, boolean socketPerThread, boolean headersFrame,
			Map<String, Object> senderBeans, Map<String, Object> receiverBeans) {
		boolean json = payloadSize == 0;
		Map<String, Object> receiving = new HashMap<>(receiverBeans);
		receiving.put("arrivals", this.arrivals);
		this.receiver = Contexts.starter(json ? OrderReceiverApp.class : BytesReceiverApp.class, receiving,
				"zmq.endpoints.in.type=pull", "zmq.endpoints.in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.in.headers-frame=" + headersFrame);
		String address = boundAddress(this.receiver, "in");
		this.sender = Contexts.starter(json ? OrderSenderApp.class : SenderApp.class, senderBeans,
				"zmq.endpoints.out.type=push", "zmq.endpoints.out.connect=" + address,
				"zmq.endpoints.out.socket-per-thread=" + socketPerThread,
				"zmq.endpoints.out.headers-frame=" + headersFrame);
		this.payload = json ? null : Payloads.bytes(payloadSize);
		this.publisher = json ? this.sender.getBean(OrderPublisher.class) : null;
		this.template = this.sender.getBean(ZmqTemplate.class);
	}

	/**
	 * Both applications with a headers frame on both ends (scenario 9), and singletons of
	 * their own (an {@code ObservationRegistry}, say).
	 * @param payloadSize bytes per message
	 * @param senderBeans singletons of the sending application
	 * @param receiverBeans singletons of the receiving application
	 */
	public static StarterPushPull withHeadersFrame(int payloadSize, Map<String, Object> senderBeans,
			Map<String, Object> receiverBeans) {
		return new StarterPushPull(payloadSize, false, true, senderBeans, receiverBeans);
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
