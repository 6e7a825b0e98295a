package dev.zmqspring.benchmarks.raw;

import java.util.concurrent.CountDownLatch;

import dev.zmqspring.benchmarks.support.LatencyVariant;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.SocketOptions;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Hand-written REQ/REP: a REP server thread that echoes, bound; a REQ client that
 * connects. Over tcp each side has its own context; over inproc they share one.
 */
public final class RawReqRep implements LatencyVariant {

	private final ZContext serverContext = new ZContext(1);

	private final ZContext clientContext = new ZContext(1);

	private final Thread server;

	private final CountDownLatch bound = new CountDownLatch(1);

	private final ZMQ.Socket req;

	private final byte[] payload;

	private volatile boolean stopping;

	private volatile String address;

	public RawReqRep(String bindAddress, int payloadSize) {
		this.payload = Payloads.bytes(payloadSize);
		this.server = new Thread(() -> serve(bindAddress), "raw-rep-server");
		this.server.start();
		RawReceiver.await(this.bound);
		ZContext client = bindAddress.startsWith("inproc:") ? this.serverContext : this.clientContext;
		this.req = client.createSocket(SocketType.REQ);
		SocketOptions.defaults().apply(this.req, true);
		this.req.setReceiveTimeOut(10_000);
		this.req.connect(this.address);
	}

	private void serve(String bindAddress) {
		ZMQ.Socket rep = this.serverContext.createSocket(SocketType.REP);
		SocketOptions.defaults().apply(rep, false);
		rep.bind(bindAddress);
		this.address = rep.getLastEndpoint();
		rep.setReceiveTimeOut(100);
		this.bound.countDown();
		try {
			while (!this.stopping) {
				byte[] request = rep.recv(0);
				if (request != null) {
					rep.send(request, 0);
				}
			}
		}
		finally {
			rep.close();
		}
	}

	@Override
	public void roundTrip() {
		this.req.send(this.payload, 0);
		if (this.req.recv(0) == null) {
			throw new IllegalStateException("No reply within 10 s");
		}
	}

	@Override
	public void close() {
		this.req.close();
		this.stopping = true;
		try {
			this.server.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.clientContext.close();
		this.serverContext.close();
	}

}
