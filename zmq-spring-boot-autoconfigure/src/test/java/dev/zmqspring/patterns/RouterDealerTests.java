package dev.zmqspring.patterns;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.annotation.ZmqHeader;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.ZmqHeaders;
import dev.zmqspring.testsupport.RawSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cookbook: an asynchronous server. A ROUTER listener serves DEALER clients (which may
 * have many requests in flight, with or without the empty delimiter frame) and plain REQ
 * clients at once; every reply is routed back to the socket that asked, and the listener
 * can see who asked through the {@code zmq_identity} header.
 */
@Timeout(30)
class RouterDealerTests {

	private static final int RECEIVE_TIMEOUT_MS = 5000;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void routerListenerRoutesEachReplyToTheClientThatAsked() {
		this.runner.withUserConfiguration(Desk.class)
			.withPropertyValues("zmq.endpoints.desk.type=ROUTER",
					"zmq.endpoints.desk.bind=tcp://127.0.0.1:*,inproc://router-desk",
					"zmq.endpoints.desk-client.type=DEALER", "zmq.endpoints.desk-client.connect=inproc://router-desk")
			.run(context -> {
				assertThat(context).hasNotFailed();
				String address = ReqRepHelloWorldTests.tcpAddress(context, "desk");
				try (ZContext clients = new ZContext()) {
					ZMQ.Socket plainDealer = client(clients, SocketType.DEALER, "dealer-1", address);
					ZMQ.Socket delimitedDealer = client(clients, SocketType.DEALER, "dealer-2", address);
					ZMQ.Socket firstReq = client(clients, SocketType.REQ, null, address);
					ZMQ.Socket secondReq = client(clients, SocketType.REQ, null, address);

					// DEALERs have all their requests in flight before reading any reply.
					for (int i = 0; i < 5; i++) {
						plainDealer.send("dealer-1 request " + i);
						delimitedDealer.sendMore("");
						delimitedDealer.send("dealer-2 request " + i);
					}
					// REQ sockets ask one question at a time, interleaved with the
					// DEALERs' traffic.
					for (int i = 0; i < 5; i++) {
						firstReq.send("req-1 request " + i);
						secondReq.send("req-2 request " + i);
						assertThat(firstReq.recvStr()).isEqualTo("done: req-1 request " + i);
						assertThat(secondReq.recvStr()).isEqualTo("done: req-2 request " + i);
					}
					// The starter's own DEALER endpoint is one more client among them.
					assertThat(
							context.getBean(ZmqTemplate.class).request("desk-client", "starter request", String.class))
						.isEqualTo("done: starter request");
					for (int i = 0; i < 5; i++) {
						assertThat(plainDealer.recvStr()).isEqualTo("done: dealer-1 request " + i);
						assertThat(delimitedDealer.recvStr()).isEmpty();
						assertThat(delimitedDealer.recvStr()).isEqualTo("done: dealer-2 request " + i);
					}
				}
				Map<String, String> askedBy = context.getBean(Desk.class).askedBy;
				assertThat(askedBy).hasSize(21);
				assertThat(askedBy).containsEntry("dealer-1 request 3", hex("dealer-1"))
					.containsEntry("dealer-2 request 4", hex("dealer-2"));
				assertThat(askedBy.get("req-1 request 0")).isNotEqualTo(askedBy.get("req-2 request 0"))
					.isEqualTo(askedBy.get("req-1 request 4"));
			});
	}

	private static ZMQ.Socket client(ZContext clients, SocketType type, String identity, String address) {
		ZMQ.Socket socket = clients.createSocket(type);
		socket.setLinger(0);
		socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
		if (identity != null) {
			socket.setIdentity(identity.getBytes(StandardCharsets.UTF_8));
		}
		RawSockets.connect(socket, address);
		return socket;
	}

	private static String hex(String identity) {
		return HexFormat.of().formatHex(identity.getBytes(StandardCharsets.UTF_8));
	}

	@Configuration(proxyBeanMethods = false)
	static class Desk {

		final Map<String, String> askedBy = new ConcurrentHashMap<>();

		@ZmqListener(id = "desk", endpoint = "desk")
		String serve(String request, @ZmqHeader(ZmqHeaders.IDENTITY) String identity) {
			this.askedBy.put(request, identity);
			return "done: " + request;
		}

	}

}
