package dev.zmqspring.docs.testing;

import java.time.Duration;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// tag::context-runner[]
@Timeout(30)
class OrderListenerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(OrderListener.class)
		.withPropertyValues("zmq.endpoints.orders-in.type=pull",
				"zmq.endpoints.orders-in.bind=tcp://127.0.0.1:*");        // the system chooses a free port

	@Test
	void listenerReadsJsonFromAPlainZeroMqPeer() {
		this.runner.run(context -> {
			String address = context.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer("orders")                             // the listener's id
				.getAddresses()
				.get(0);                                                    // tcp://127.0.0.1:<the port>
			try (ZContext peer = new ZContext()) {
				ZMQ.Socket push = peer.createSocket(SocketType.PUSH);
				push.setHandshakeIvl(1000);                                 // a stalled connection retries after 1 s
				push.connect(address);
				OrderListener listener = context.getBean(OrderListener.class);
				// JeroMQ 0.6.0 stalls about one fresh TCP connection in ten and resets it:
				// send again until the listener has one (it may then get two).
				await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
					push.send("{\"orderId\":\"o-1\",\"sku\":\"SKU-1\",\"quantity\":2}", ZMQ.DONTWAIT);
					return !listener.received().isEmpty();
				});
				assertThat(listener.received().get(0)).isEqualTo(new OrderPlaced("o-1", "SKU-1", 2));
			}
		});
	}

}
// end::context-runner[]
