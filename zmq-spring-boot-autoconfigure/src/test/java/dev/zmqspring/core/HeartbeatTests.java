package dev.zmqspring.core;

import java.time.Duration;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.testsupport.FreezableTcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer that hangs without closing its connection is noticed through heartbeats, and the
 * socket reconnects.
 */
@Timeout(30)
class HeartbeatTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void connectingSocketDropsAHungPeerAndReconnects() throws Exception {
		try (ZContext peerContext = new ZContext(); ZMQ.Socket pull = peerContext.createSocket(SocketType.PULL)) {
			pull.bind("tcp://127.0.0.1:*");
			int port = Integer.parseInt(pull.getLastEndpoint().replaceAll(".*:", ""));
			try (FreezableTcpProxy proxy = new FreezableTcpProxy(port)) {
				this.runner
					.withPropertyValues("zmq.endpoints.out.type=PUSH",
							"zmq.endpoints.out.connect=tcp://127.0.0.1:" + proxy.getPort(),
							"zmq.socket.heartbeat-interval=200ms", "zmq.socket.heartbeat-timeout=600ms")
					.run(context -> {
						ZmqTemplate template = context.getBean(ZmqTemplate.class);
						template.send("out", "before".getBytes());
						pull.setReceiveTimeOut(5000);
						assertThat(pull.recvStr()).isEqualTo("before");
						// Usually 1; 2 when JeroMQ stalled the first connection and its
						// handshake timer replaced it.
						int connections = proxy.getAccepted();
						assertThat(connections).isPositive();
						proxy.freeze();
						// No answer to the pings: the connection is dropped and a new one
						// is made.
						await().atMost(Duration.ofSeconds(10)).until(() -> proxy.getAccepted() > connections);
						proxy.thaw();
						await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
							template.send("out", "after".getBytes());
							assertThat(pull.recvStr(ZMQ.DONTWAIT)).isNotNull();
						});
					});
			}
		}
	}

}
