package dev.zmqspring.core;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.testsupport.RawSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opt-in slow-joiner gate: a PUB endpoint holds its first message until enough
 * subscribers are there.
 */
@Timeout(30)
class SlowJoinerGateTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void firstMessageWaitsForTheSubscribersAndReachesThemAll() {
		this.runner
			.withPropertyValues("zmq.endpoints.news.type=PUB", "zmq.endpoints.news.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.news.min-subscribers=2", "zmq.endpoints.news.min-subscribers-timeout=20s")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				String address = template.getSenderRegistry().sender("news").getAddresses().get(0);
				// Published before anyone subscribed: without the gate, both subscribers
				// would miss it.
				template.convertAndSend("news", "weather", "first");
				template.convertAndSend("news", "weather", "second");
				try (ZContext peers = new ZContext();
						ZMQ.Socket one = subscriber(peers, address);
						ZMQ.Socket two = subscriber(peers, address)) {
					for (ZMQ.Socket subscriber : new ZMQ.Socket[] { one, two }) {
						assertThat(subscriber.recvStr()).isEqualTo("weather");
						assertThat(subscriber.recvStr()).isEqualTo("first");
						assertThat(subscriber.recvStr()).isEqualTo("weather");
						assertThat(subscriber.recvStr()).isEqualTo("second");
					}
				}
			});
	}

	private static ZMQ.Socket subscriber(ZContext context, String address) {
		ZMQ.Socket sub = context.createSocket(SocketType.SUB);
		sub.setReceiveTimeOut(10_000);
		sub.subscribe("weather".getBytes());
		RawSockets.connect(sub, address);
		return sub;
	}

}
