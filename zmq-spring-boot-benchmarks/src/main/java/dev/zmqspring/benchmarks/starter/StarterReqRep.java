package dev.zmqspring.benchmarks.starter;

import java.util.Map;

import dev.zmqspring.benchmarks.starter.apps.EchoApp;
import dev.zmqspring.benchmarks.starter.apps.SenderApp;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.LatencyVariant;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's request/reply over tcp: a {@code @ZmqListener} on a REP endpoint that
 * echoes (bound), and {@code ZmqTemplate.request} on a REQ endpoint (connected), each in
 * its own application.
 */
public final class StarterReqRep implements LatencyVariant {

	private final ConfigurableApplicationContext server;

	private final ConfigurableApplicationContext client;

	private final ZmqTemplate template;

	private final byte[] payload;

	public StarterReqRep(int payloadSize) {
		this.payload = Payloads.bytes(payloadSize);
		this.server = Contexts.starter(EchoApp.class, Map.of(), "zmq.endpoints.rep.type=rep",
				"zmq.endpoints.rep.bind=tcp://127.0.0.1:*");
		String address = StarterPushPull.boundAddress(this.server, "rep");
		this.client = Contexts.starter(SenderApp.class, Map.of(), "zmq.endpoints.req.type=req",
				"zmq.endpoints.req.connect=" + address);
		this.template = this.client.getBean(ZmqTemplate.class);
	}

	@Override
	public void roundTrip() {
		this.template.request("req", this.payload, byte[].class);
	}

	@Override
	public void close() {
		this.client.close();
		this.server.close();
	}

}
