package dev.zmqspring.benchmarks.raw;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

	private final Thread thread;

	private final CountDownLatch bound = new CountDownLatch(1);

	private volatile boolean stopping;

	private volatile String address;

	/**
	 * Starts the loop.
	 * @param context the context of the receiving side
	 * @param type PULL (binds {@code address}) or SUB (connects to it)
	 * @param address where to bind ({@code tcp://127.0.0.1:*}, {@code inproc://...}) or
	 * connect
	 */
	public RawReceiver(ZContext context, SocketType type, String address, SocketOptions options, MessageWork work,
			Arrivals arrivals) {
		this.thread = new Thread(() -> run(context, type, address, options, work, arrivals),
				"raw-" + type + "-receiver");
		this.thread.start();
		await(this.bound);
	}

	private void run(ZContext context, SocketType type, String where, SocketOptions options, MessageWork work,
			Arrivals arrivals) {
		ZMQ.Socket socket = context.createSocket(type);
		boolean connecting = type == SocketType.SUB;
		options.apply(socket, connecting);
		if (connecting) {
			socket.subscribe(ZMQ.SUBSCRIPTION_ALL);
			socket.connect(where);
			this.address = where;
		}
		else {
			socket.bind(where);
			this.address = socket.getLastEndpoint();
		}
		socket.setReceiveTimeOut(100);
		this.bound.countDown();
		try {
			while (!this.stopping) {
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
		return this.address;
	}

	@Override
	public void close() {
		this.stopping = true;
		try {
			this.thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Receiver did not start within 10 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
