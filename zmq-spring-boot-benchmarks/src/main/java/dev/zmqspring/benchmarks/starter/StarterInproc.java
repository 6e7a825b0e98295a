package dev.zmqspring.benchmarks.starter;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.benchmarks.starter.apps.InprocApp;
import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.LatencyVariant;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter over {@code inproc://}, in one application: PUSH through
 * {@code ZmqTemplate} to a PULL listener, and requests to a REP listener. The sending
 * endpoints bind (they open first, with the application), the listeners connect; with a
 * socket per thread the PUSH endpoint connects instead and its listener binds (a binding
 * socket cannot be one per thread).
 */
public final class StarterInproc implements ThroughputVariant, LatencyVariant {

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	private final Arrivals arrivals = new Arrivals();

	private final ConfigurableApplicationContext context;

	private final ZmqTemplate template;

	private final byte[] payload;

	public StarterInproc(int payloadSize) {
		this(payloadSize, false);
	}

	/**
	 * @param payloadSize bytes per message
	 * @param socketPerThread whether the PUSH endpoint gives the sending thread a socket
	 * of its own
	 */
	public StarterInproc(int payloadSize, boolean socketPerThread) {
		int n = INSTANCES.incrementAndGet();
		this.payload = Payloads.bytes(payloadSize);
		String pushSide = socketPerThread ? "connect" : "bind";
		String pullSide = socketPerThread ? "bind" : "connect";
		this.context = Contexts.starter(InprocApp.class, Map.of("arrivals", this.arrivals),
				"zmq.endpoints.out.type=push", "zmq.endpoints.out." + pushSide + "=inproc://starter-pp-" + n,
				"zmq.endpoints.out.socket-per-thread=" + socketPerThread, "zmq.endpoints.in.type=pull",
				"zmq.endpoints.in." + pullSide + "=inproc://starter-pp-" + n, "zmq.endpoints.rep.type=rep",
				"zmq.endpoints.rep.bind=inproc://starter-rr-" + n, "zmq.endpoints.req.type=req",
				"zmq.endpoints.req.connect=inproc://starter-rr-" + n);
		this.template = this.context.getBean(ZmqTemplate.class);
	}

	@Override
	public Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	public void send(int count) {
		for (int i = 0; i < count; i++) {
			this.template.send("out", this.payload);
		}
	}

	@Override
	public void roundTrip() {
		this.template.request("req", this.payload, byte[].class);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
