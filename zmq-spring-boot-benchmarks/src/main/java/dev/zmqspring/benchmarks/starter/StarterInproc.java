package dev.zmqspring.benchmarks.starter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.benchmarks.starter.apps.InprocApp;
import dev.zmqspring.benchmarks.support.Arrivals;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.LatencyVariant;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.RequestPath;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter over {@code inproc://}, in one application: PUSH through
 * {@code ZmqTemplate} to a PULL listener, and requests to a REP listener. The sending
 * endpoints bind (they open first, with the application), the listeners connect; with a
 * socket per thread the PUSH endpoint connects instead and its listener binds (a binding
 * socket cannot be one per thread). The REQ endpoint connects, its requests reaching a
 * socket as a {@link RequestPath} says.
 */
public final class StarterInproc implements ThroughputVariant, LatencyVariant {

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	private final Arrivals arrivals = new Arrivals();

	private final ConfigurableApplicationContext context;

	private final ZmqTemplate template;

	private final byte[] payload;

	/**
	 * The application for requests (the PUSH endpoint without a socket per thread).
	 * @param payloadSize bytes per request
	 * @param requests how the REQ endpoint's requests reach a socket
	 */
	public StarterInproc(int payloadSize, RequestPath requests) {
		this(payloadSize, false, requests);
	}

	/**
	 * The application for one-way messages (the REQ endpoint as configured by default).
	 * @param payloadSize bytes per message
	 * @param socketPerThread whether the PUSH endpoint gives the sending thread a socket
	 * of its own
	 */
	public StarterInproc(int payloadSize, boolean socketPerThread) {
		this(payloadSize, socketPerThread, RequestPath.DEFAULT);
	}

	private StarterInproc(int payloadSize, boolean socketPerThread, RequestPath requests) {
		int n = INSTANCES.incrementAndGet();
		this.payload = Payloads.bytes(payloadSize);
		String pushSide = socketPerThread ? "connect" : "bind";
		String pullSide = socketPerThread ? "bind" : "connect";
		List<String> properties = new ArrayList<>(
				List.of("zmq.endpoints.out.type=push", "zmq.endpoints.out." + pushSide + "=inproc://starter-pp-" + n,
						"zmq.endpoints.out.socket-per-thread=" + socketPerThread, "zmq.endpoints.in.type=pull",
						"zmq.endpoints.in." + pullSide + "=inproc://starter-pp-" + n, "zmq.endpoints.rep.type=rep",
						"zmq.endpoints.rep.bind=inproc://starter-rr-" + n, "zmq.endpoints.req.type=req",
						"zmq.endpoints.req.connect=inproc://starter-rr-" + n));
		properties.addAll(requests.properties("req"));
		this.context = Contexts.starter(InprocApp.class, Map.of("arrivals", this.arrivals), properties);
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
