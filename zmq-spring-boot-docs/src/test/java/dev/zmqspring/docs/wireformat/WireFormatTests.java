package dev.zmqspring.docs.wireformat;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.docs.DocsYaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/wire-format.md: with a topic delimiter, a plain SUB socket (any ZeroMQ binding) receives one frame
 * {@code "topic payload"}, as the seeds' weather server sends it.
 */
@Timeout(60)
class WireFormatTests {

	@Test
	void topicDelimiterSendsTopicAndPayloadInOneFrame() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withInitializer(DocsYaml.initializer("docs/wireformat/weather.yml"))
			.withPropertyValues("zmq.endpoints.weather.bind=tcp://127.0.0.1:*", "zmq.endpoints.weather.min-subscribers=1")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				String address = template.getSenderRegistry().sender("weather").getAddresses().get(0);
				try (ZContext peer = new ZContext()) {
					ZMQ.Socket subscriber = peer.createSocket(SocketType.SUB);
					subscriber.setReceiveTimeOut(200);
					// A stalled connection is reset after 1 s, not JeroMQ's default 30 s.
					subscriber.setHandshakeIvl(1000);
					subscriber.subscribe("10001 ");
					subscriber.connect(address);
					// PUB/SUB is at most once: a first connection that JeroMQ 0.6.0 stalls and
					// resets loses what was sent on it (docs/delivery.md), so publish until one
					// arrives.
					String received = null;
					for (int attempt = 0; attempt < 100 && received == null; attempt++) {
						template.convertAndSend("weather", "10001", "21");
						received = subscriber.recvStr();
					}
					assertThat(received).isEqualTo("10001 21");
					assertThat(subscriber.hasReceiveMore()).isFalse();
				}
			});
	}

}
