package dev.zmqspring.benchmarks.raw;

import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.MessageWork;
import dev.zmqspring.benchmarks.support.SocketOptions;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A hand-written receiving loop: one thread that owns a PULL or SUB socket, blocks in
 * {@code recv} with a short timeout (so that it can stop without an interrupt), decodes
 * and counts each message.
 */
public final class RawReceiver implements AutoCloseable {

	private final SocketThread thread;

	/**
	 * Starts the loop.
	 * @param context the context of the receiving side
	 * @param type PULL (binds {@code address}) or SUB (connects to it)
	 * @param address where to bind ({@code tcp://127.0.0.1:*}, {@code inproc://...}) or
	 * connect
	 */
	public RawReceiver(ZContext context, SocketType type, String address, SocketOptions options, MessageWork work,
			Arrivals arrivals) {
		this.thread = new SocketThread("raw-" + type + "-receiver",
				(loop) -> run(loop, context, type, address, options, work, arrivals));
	}

	private void run(SocketThread loop, ZContext context, SocketType type, String where, SocketOptions options,
			MessageWork work, Arrivals arrivals) {
		ZMQ.Socket socket = context.createSocket(type);
		boolean connecting = type == SocketType.SUB;
		options.apply(socket, connecting);
		if (connecting) {
			socket.subscribe(ZMQ.SUBSCRIPTION_ALL);
			socket.connect(where);
		}
		else {
			socket.bind(where);
		}
		socket.setReceiveTimeOut(100);
		loop.ready(connecting ? where : socket.getLastEndpoint());
		try {
			while (loop.running()) {
				byte[] frame = socket.recv(0);
				if (frame != null) {
					// A topic frame first (PUB/SUB): the payload is the last frame.
					while (socket.hasReceiveMore()) {
						frame = socket.recv(0);
					}
					work.decode(frame);
					arrivals.arrived();
				}
			}
		}
		finally {
			socket.close();
		}
	}

	/** The address bound (with the port the system chose) or connected. */
	public String address() {
		return this.thread.address();
	}

	@Override
	public void close() {
		this.thread.close();
	}

}
