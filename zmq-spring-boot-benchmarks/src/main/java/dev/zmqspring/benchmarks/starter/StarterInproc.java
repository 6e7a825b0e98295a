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
 * The starter over {@code inproc://}, in one application: PUSH through {@code ZmqTemplate} to a PULL listener, and
 * requests to a REP listener. The sending endpoints bind (they open first, with the application), the listeners
 * connect.
 */
public final class StarterInproc implements ThroughputVariant, LatencyVariant {

	private static final AtomicInteger INSTANCES = new AtomicInteger();

	private final Arrivals arrivals = new Arrivals();

	private final ConfigurableApplicationContext context;

	private final ZmqTemplate template;

	private final byte[] payload;

	public StarterInproc(int payloadSize) {
		int n = INSTANCES.incrementAndGet();
		this.payload = Payloads.bytes(payloadSize);
		this.context = Contexts.starter(InprocApp.class, Map.of("arrivals", this.arrivals),
				"zmq.endpoints.out.type=push", "zmq.endpoints.out.bind=inproc://starter-pp-" + n,
				"zmq.endpoints.in.type=pull", "zmq.endpoints.in.connect=inproc://starter-pp-" + n,
				"zmq.endpoints.rep.type=rep", "zmq.endpoints.rep.bind=inproc://starter-rr-" + n,
				"zmq.endpoints.req.type=req", "zmq.endpoints.req.connect=inproc://starter-rr-" + n);
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
