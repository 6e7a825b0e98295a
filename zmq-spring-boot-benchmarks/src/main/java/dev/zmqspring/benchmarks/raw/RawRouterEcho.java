package dev.zmqspring.benchmarks.raw;

import dev.zmqspring.benchmarks.support.SocketOptions;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A hand-written request/reply server that echoes: one thread that owns a bound ROUTER
 * socket (its own context) and sends every request back frame by frame as it came,
 * routing envelope included, so that each reply goes to the peer that asked and carries
 * whatever envelope the client put on it (REQ's empty delimiter, or the starter's request
 * id). It serves any number of REQ and DEALER clients at once.
 */
public final class RawRouterEcho implements AutoCloseable {

	private final ZContext context = new ZContext(1);

	private final SocketThread thread;

	/**
	 * Starts the server.
	 * @param bindAddress where to bind ({@code tcp://127.0.0.1:*})
	 */
	public RawRouterEcho(String bindAddress) {
		this.thread = new SocketThread("raw-router-echo", (loop) -> serve(loop, bindAddress));
	}

	private void serve(SocketThread loop, String bindAddress) {
		ZMQ.Socket router = this.context.createSocket(SocketType.ROUTER);
		SocketOptions.defaults().apply(router, false);
		router.bind(bindAddress);
		router.setReceiveTimeOut(100);
		loop.ready(router.getLastEndpoint());
		try {
			while (loop.running()) {
				byte[] frame = router.recv(0);
				if (frame == null) {
					continue;
				}
				// The frames of a message arrive together: the rest are there already.
				boolean more = router.hasReceiveMore();
				router.send(frame, more ? ZMQ.SNDMORE : 0);
				while (more) {
					frame = router.recv(0);
					more = router.hasReceiveMore();
					router.send(frame, more ? ZMQ.SNDMORE : 0);
				}
			}
		}
		finally {
			router.close();
		}
	}

	/** The address bound, with the port the system chose. */
	public String address() {
		return this.thread.address();
	}

	@Override
	public void close() {
		this.thread.close();
		this.context.close();
	}

}
