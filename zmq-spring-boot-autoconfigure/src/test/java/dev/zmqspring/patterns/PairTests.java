package dev.zmqspring.patterns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.patterns.pair.PairPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cookbook: the exclusive pair. A PAIR socket talks to exactly one peer. With the starter
 * a PAIR endpoint either receives (a {@code @ZmqListener}) or sends (the template or a
 * {@code @ZmqPublisher}), so two peers that talk both ways use one link per direction:
 * each side binds the link it listens on and connects the one it sends on.
 */
@Timeout(30)
class PairTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void pairPeersExchangeMessagesBothWaysInOrder() {
		this.runner.withUserConfiguration(TwoPeers.class)
			.withPropertyValues(
					// left listens on inproc://pair-left and sends to inproc://pair-right
					"zmq.endpoints.left-in.type=PAIR", "zmq.endpoints.left-in.bind=inproc://pair-left",
					"zmq.endpoints.left-out.type=PAIR", "zmq.endpoints.left-out.connect=inproc://pair-right",
					// right listens on inproc://pair-right and sends to
					// inproc://pair-left
					"zmq.endpoints.right-in.type=PAIR", "zmq.endpoints.right-in.bind=inproc://pair-right",
					"zmq.endpoints.right-out.type=PAIR", "zmq.endpoints.right-out.connect=inproc://pair-left")
			.run(context -> {
				assertThat(context).hasNotFailed();
				PairPeer left = context.getBean(PairPeer.class);
				TwoPeers peers = context.getBean(TwoPeers.class);
				for (int i = 0; i < 10; i++) {
					left.send("ping " + i);
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> peers.leftReceived.size() >= 10);

				assertThat(peers.rightReceived)
					.containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "ping " + i).toList());
				assertThat(peers.leftReceived)
					.containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "pong " + i).toList());
			});
	}

	/**
	 * An exclusive pair is one socket used both ways, so a user naturally listens and
	 * sends on the same PAIR endpoint. The send must then reach the peer or be refused
	 * with an exception. Never lost without a word, and never holding up shutdown.
	 */
	@Test
	void messageSentOnAPairEndpointThatAlsoListensIsDeliveredOrRefusedNeverSilentlyLost() {
		this.runner.withUserConfiguration(OneLinkPeers.class)
			.withPropertyValues("zmq.endpoints.left.type=PAIR", "zmq.endpoints.left.bind=inproc://pair-one-link",
					"zmq.endpoints.right.type=PAIR", "zmq.endpoints.right.connect=inproc://pair-one-link")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				OneLinkPeers peers = context.getBean(OneLinkPeers.class);
				ZmqException refused = null;
				try {
					template.convertAndSend("right", "ping");
				}
				catch (ZmqException ex) {
					refused = ex;
				}
				if (refused != null) {
					assertThat(refused).hasMessageContaining("'right'");
				}
				else {
					await().atMost(Duration.ofSeconds(5)).until(() -> peers.left.contains("ping"));
				}
				long start = System.nanoTime();
				context.close();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OneLinkPeers {

		final List<String> left = new CopyOnWriteArrayList<>();

		final List<String> right = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "left")
		void left(String message) {
			this.left.add(message);
		}

		@ZmqListener(endpoint = "right")
		void right(String message) {
			this.right.add(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = PairPeer.class)
	static class TwoPeers {

		final List<String> leftReceived = new CopyOnWriteArrayList<>();

		final List<String> rightReceived = new CopyOnWriteArrayList<>();

		private final ZmqTemplate template;

		TwoPeers(ZmqTemplate template) {
			this.template = template;
		}

		@ZmqListener(endpoint = "right-in")
		void right(String message) {
			this.rightReceived.add(message);
			this.template.convertAndSend("right-out", message.replace("ping", "pong"));
		}

		@ZmqListener(endpoint = "left-in")
		void left(String message) {
			this.leftReceived.add(message);
		}

	}

}
