package dev.zmqspring.benchmarks.si;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.FanOutWarmup;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.SocketOptions;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import org.zeromq.SocketType;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.zeromq.outbound.ZeroMqMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

/**
 * Spring Integration's PUB/SUB fan-out: an outbound adapter on PUB (bound) and four
 * inbound adapters on SUB (connected; one application each, since an adapter owns one
 * socket), with the high-water marks raised.
 */
public final class SiFanOut implements ThroughputVariant {

	private final Arrivals arrivals = new Arrivals();

	private final ConfigurableApplicationContext sender;

	private final List<ConfigurableApplicationContext> receivers = new ArrayList<>();

	private final MessageChannel out;

	private final Message<byte[]> message;

	public SiFanOut(int subscribers, int payloadSize, SocketOptions options) {
		this.message = new GenericMessage<>(Payloads.bytes(payloadSize));
		this.sender = Contexts.springIntegration(SiSenderApp.class,
				Map.of("spec", new SiSpec(SocketType.PUB, null, false, options)));
		int port = SiPushPull.boundPort(this.sender.getBean(ZeroMqMessageHandler.class)::getBoundPort);
		for (int i = 0; i < subscribers; i++) {
			this.receivers.add(Contexts.springIntegration(SiReceiverApp.class, Map.of("arrivals", this.arrivals, "spec",
					new SiSpec(SocketType.SUB, "tcp://127.0.0.1:" + port, false, options))));
		}
		this.out = this.sender.getBean("out", MessageChannel.class);
		FanOutWarmup.untilAllSubscribed(() -> this.out.send(this.message), this.arrivals, subscribers);
	}

	@Override
	public Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	public int deliveriesPerMessage() {
		return this.receivers.size();
	}

	@Override
	public void send(int count) {
		for (int i = 0; i < count / this.receivers.size(); i++) {
			this.out.send(this.message);
		}
	}

	@Override
	public void close() {
		this.receivers.forEach(ConfigurableApplicationContext::close);
		this.sender.close();
	}

}
