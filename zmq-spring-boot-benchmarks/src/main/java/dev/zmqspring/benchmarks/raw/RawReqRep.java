package dev.zmqspring.benchmarks.raw;

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

	private final SocketThread server;

	private final ZMQ.Socket req;

	private final byte[] payload;

	public RawReqRep(String bindAddress, int payloadSize) {
		this.payload = Payloads.bytes(payloadSize);
		this.server = new SocketThread("raw-rep-server", (loop) -> serve(loop, bindAddress));
		ZContext client = bindAddress.startsWith("inproc:") ? this.serverContext : this.clientContext;
		this.req = client.createSocket(SocketType.REQ);
		SocketOptions.defaults().apply(this.req, true);
		this.req.setReceiveTimeOut(10_000);
		this.req.connect(this.server.address());
	}

	private void serve(SocketThread loop, String bindAddress) {
		ZMQ.Socket rep = this.serverContext.createSocket(SocketType.REP);
		SocketOptions.defaults().apply(rep, false);
		rep.bind(bindAddress);
		rep.setReceiveTimeOut(100);
		loop.ready(rep.getLastEndpoint());
		try {
			while (loop.running()) {
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
		this.server.close();
		this.clientContext.close();
		this.serverContext.close();
	}

}
