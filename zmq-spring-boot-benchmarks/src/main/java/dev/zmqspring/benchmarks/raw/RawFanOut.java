package dev.zmqspring.benchmarks.raw;

import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.FanOutWarmup;
import dev.zmqspring.benchmarks.support.MessageWork;
import dev.zmqspring.benchmarks.support.SocketOptions;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Hand-written PUB/SUB fan-out: a PUB that binds, four SUB receiver threads that connect,
 * with the high-water marks raised so that nothing is dropped. Like the starter, the PUB
 * refuses rather than drops at the mark (XPUB_NODROP), and a refused message fails the
 * run.
 */
public final class RawFanOut implements ThroughputVariant {

	private final Arrivals arrivals = new Arrivals();

	private final ZContext receiverContext = new ZContext(1);

	private final ZContext senderContext = new ZContext(1);

	private final List<RawReceiver> receivers = new ArrayList<>();

	private final ZMQ.Socket pub;

	private final byte[] payload;

	public RawFanOut(int subscribers, int payloadSize, SocketOptions options) {
		MessageWork work = MessageWork.bytes(payloadSize);
		this.payload = work.encode(0);
		this.pub = this.senderContext.createSocket(SocketType.PUB);
		options.apply(this.pub, false);
		this.pub.setXpubNoDrop(true);
		this.pub.bind("tcp://127.0.0.1:*");
		String address = this.pub.getLastEndpoint();
		for (int i = 0; i < subscribers; i++) {
			this.receivers
				.add(new RawReceiver(this.receiverContext, SocketType.SUB, address, options, work, this.arrivals));
		}
		FanOutWarmup.untilAllSubscribed(this::publishOne, this.arrivals, subscribers);
	}

	private void publishOne() {
		if (!this.pub.send(FanOutWarmup.TOPIC_BYTES, ZMQ.DONTWAIT | ZMQ.SNDMORE)
				|| !this.pub.send(this.payload, ZMQ.DONTWAIT)) {
			throw new IllegalStateException("PUB refused a message: a subscriber is at its high-water mark");
		}
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
			publishOne();
		}
	}

	@Override
	public void close() {
		this.pub.close();
		this.receivers.forEach(RawReceiver::close);
		this.senderContext.close();
		this.receiverContext.close();
	}

}
