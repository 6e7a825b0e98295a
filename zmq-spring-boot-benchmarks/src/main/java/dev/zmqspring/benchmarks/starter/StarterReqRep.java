package dev.zmqspring.benchmarks.starter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.zmqspring.benchmarks.starter.apps.EchoApp;
import dev.zmqspring.benchmarks.starter.apps.SenderApp;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.LatencyVariant;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.RequestPath;
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

	/**
	 * Starts both applications.
	 * @param payloadSize bytes per request
	 * @param path how the REQ endpoint's requests reach a socket
	 */
	public StarterReqRep(int payloadSize, RequestPath path) {
		this.payload = Payloads.bytes(payloadSize);
		this.server = Contexts.starter(EchoApp.class, Map.of(), "zmq.endpoints.rep.type=rep",
				"zmq.endpoints.rep.bind=tcp://127.0.0.1:*");
		String address = StarterPushPull.boundAddress(this.server, "rep");
		List<String> clientProperties = new ArrayList<>(
				List.of("zmq.endpoints.req.type=req", "zmq.endpoints.req.connect=" + address));
		clientProperties.addAll(path.properties("req"));
		this.client = Contexts.starter(SenderApp.class, Map.of(), clientProperties);
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
