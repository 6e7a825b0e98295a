package dev.zmqspring.benchmarks.starter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.zmqspring.benchmarks.starter.apps.FanOutApp;
import dev.zmqspring.benchmarks.starter.apps.SenderApp;
import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.FanOutWarmup;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.core.EndpointSender;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's PUB/SUB fan-out: a PUB endpoint (bound) sending through
 * {@code ZmqTemplate}, and an application with four SUB listeners (connected), with the
 * high-water marks raised so that nothing is dropped.
 */
public final class StarterFanOut implements ThroughputVariant {

	private static final int SUBSCRIBERS = 4;

	private final Arrivals arrivals = new Arrivals();

	private final ConfigurableApplicationContext sender;

	private final ConfigurableApplicationContext receiver;

	private final ZmqTemplate template;

	private final EndpointSender pub;

	private final byte[] payload;

	public StarterFanOut(int payloadSize, int highWaterMark) {
		this.payload = Payloads.bytes(payloadSize);
		this.sender = Contexts.starter(SenderApp.class, Map.of(), "zmq.endpoints.out.type=pub",
				"zmq.endpoints.out.bind=tcp://127.0.0.1:*", "zmq.socket.send-high-water-mark=" + highWaterMark,
				"zmq.socket.send-queue-capacity=" + highWaterMark);
		this.pub = this.sender.getBean(ZmqSenderRegistry.class).sender("out");
		String address = awaitAddress(this.pub);
		List<String> properties = new ArrayList<>();
		properties.add("zmq.socket.receive-high-water-mark=" + highWaterMark);
		for (int i = 0; i < SUBSCRIBERS; i++) {
			properties.add("zmq.endpoints.sub-" + i + ".type=sub");
			properties.add("zmq.endpoints.sub-" + i + ".connect=" + address);
		}
		this.receiver = Contexts.starter(FanOutApp.class, Map.of("arrivals", this.arrivals), properties);
		this.template = this.sender.getBean(ZmqTemplate.class);
		FanOutWarmup.untilAllSubscribed(() -> this.template.convertAndSend("out", FanOutWarmup.TOPIC, this.payload),
				this.arrivals, SUBSCRIBERS);
	}

	static String awaitAddress(EndpointSender sender) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (sender.getAddresses().isEmpty() || sender.getAddresses().get(0).endsWith(":*")) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Endpoint did not bind within 10 s");
			}
			Thread.onSpinWait();
		}
		return sender.getAddresses().get(0);
	}

	@Override
	public Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	public int deliveriesPerMessage() {
		return SUBSCRIBERS;
	}

	@Override
	public void send(int count) {
		for (int i = 0; i < count / SUBSCRIBERS; i++) {
			this.template.convertAndSend("out", FanOutWarmup.TOPIC, this.payload);
		}
		if (this.pub.getStatistics().getDropped() > 0) {
			throw new IllegalStateException("The PUB endpoint dropped " + this.pub.getStatistics().getDropped()
					+ " messages: raise the high-water mark");
		}
	}

	@Override
	public void close() {
		this.receiver.close();
		this.sender.close();
	}

}
