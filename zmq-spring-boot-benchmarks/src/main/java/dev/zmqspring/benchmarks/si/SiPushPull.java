package dev.zmqspring.benchmarks.si;

import java.util.Map;

import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.SocketOptions;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import org.zeromq.SocketType;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.zeromq.inbound.ZeroMqMessageProducer;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

/**
 * Spring Integration's PUSH/PULL over tcp: the inbound adapter binds, the outbound
 * adapter connects.
 */
public final class SiPushPull implements ThroughputVariant {

	private final Arrivals arrivals = new Arrivals();

	private final ConfigurableApplicationContext receiver;

	private final ConfigurableApplicationContext sender;

	private final MessageChannel out;

	private final byte[] payload;

	/**
	 * Starts both applications.
	 * @param payloadSize bytes per message, or 0 to send JSON orders
	 */
	public SiPushPull(int payloadSize) {
		boolean json = payloadSize == 0;
		this.receiver = Contexts.springIntegration(SiReceiverApp.class, Map.of("arrivals", this.arrivals, "spec",
				new SiSpec(SocketType.PULL, null, json, SocketOptions.defaults())));
		int port = boundPort(this.receiver.getBean(ZeroMqMessageProducer.class)::getBoundPort);
		this.sender = Contexts.springIntegration(SiSenderApp.class,
				Map.of("spec", new SiSpec(SocketType.PUSH, "tcp://127.0.0.1:" + port, json, SocketOptions.defaults())));
		this.out = this.sender.getBean("out", MessageChannel.class);
		this.payload = json ? null : Payloads.bytes(payloadSize);
	}

	/** Waits until the adapter has bound (it binds on its own scheduler thread). */
	static int boundPort(java.util.function.IntSupplier port) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (port.getAsInt() == 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Spring Integration adapter did not bind within 10 s");
			}
			Thread.onSpinWait();
		}
		return port.getAsInt();
	}

	@Override
	public Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	public void send(int count) {
		for (int i = 0; i < count; i++) {
			this.out.send(new GenericMessage<>((this.payload != null) ? this.payload : Payloads.order(i)));
		}
	}

	@Override
	public void close() {
		this.sender.close();
		this.receiver.close();
	}

}
