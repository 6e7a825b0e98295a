package dev.zmqspring.benchmarks.raw;

import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.MessageWork;
import dev.zmqspring.benchmarks.support.SocketOptions;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Hand-written PUSH/PULL: the receiver binds, the sender connects (so JeroMQ's connect
 * stall can delay but never lose a message), each side with its own context, as two
 * applications would have.
 */
public final class RawPushPull implements ThroughputVariant {

	private final Arrivals arrivals = new Arrivals();

	private final ZContext receiverContext = new ZContext(1);

	private final ZContext senderContext = new ZContext(1);

	private final RawReceiver receiver;

	private final ZMQ.Socket push;

	private final MessageWork work;

	/**
	 * Opens both sides.
	 * @param address {@code tcp://127.0.0.1:*} or an {@code inproc://} name
	 */
	public RawPushPull(String address, MessageWork work) {
		this.work = work;
		// inproc needs both sockets in one context.
		ZContext sending = address.startsWith("inproc:") ? this.receiverContext : this.senderContext;
		this.receiver = new RawReceiver(this.receiverContext, SocketType.PULL, address, SocketOptions.defaults(), work,
				this.arrivals);
		this.push = sending.createSocket(SocketType.PUSH);
		SocketOptions.defaults().apply(this.push, true);
		this.push.connect(this.receiver.address());
	}

	@Override
	public Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	public void send(int count) {
		for (int i = 0; i < count; i++) {
			if (!this.push.send(this.work.encode(i), 0)) {
				throw new IllegalStateException("send failed");
			}
		}
	}

	@Override
	public void close() {
		this.push.close();
		this.receiver.close();
		this.senderContext.close();
		this.receiverContext.close();
	}

}
