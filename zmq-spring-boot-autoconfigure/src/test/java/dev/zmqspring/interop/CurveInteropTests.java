package dev.zmqspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.security.ZmqSecurityAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.security.AuthenticationStatistics;
import dev.zmqspring.security.ZmqKeyGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.zeromq.ZMQ;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CURVE between the starter (JeroMQ) and pyzmq (libzmq), both directions: a pyzmq client
 * admitted by a secured starter server, one with a key the server does not know refused,
 * and a starter client of a pyzmq CURVE server.
 */
@Timeout(60)
class CurveInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final int COUNT = 20;

	private static final List<String> EXPECTED = IntStream.range(0, COUNT).mapToObj(String::valueOf).toList();

	private final ZMQ.Curve.KeyPair server = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair client = ZmqKeyGenerator.generate();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class));

	@BeforeEach
	void pyzmq() {
		PythonPeer.assumeAvailable();
	}

	@Test
	void pyzmqCurveClientIsAdmittedByStarterServerAndStrangerIsRefused() {
		this.runner.withUserConfiguration(SecuredInbox.class)
			.withPropertyValues("zmq.endpoints.inbox.type=PULL", "zmq.endpoints.inbox.bind=tcp://127.0.0.1:*",
					"zmq.security.endpoints.inbox.public-key=" + this.server.publicKey,
					"zmq.security.endpoints.inbox.secret-key=" + this.server.secretKey,
					"zmq.security.endpoints.inbox.allowed-client-keys=" + this.client.publicKey)
			.run(context -> {
				assertThat(context).hasNotFailed();
				SecuredInbox inbox = context.getBean(SecuredInbox.class);
				String address = context.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("secured-inbox")
					.getAddresses()
					.get(0);
				ZMQ.Curve.KeyPair stranger = ZmqKeyGenerator.generate();
				PythonPeer refused = PythonPeer.start("curve_push_client.py", address, "1", this.server.publicKey,
						stranger.publicKey, stranger.secretKey);
				try (refused) {
					await().atMost(TIMEOUT)
						.until(() -> context.getBean(AuthenticationStatistics.class).getRejected("inbox") > 0);
				}
				try (PythonPeer pusher = PythonPeer.start("curve_push_client.py", address, String.valueOf(COUNT),
						this.server.publicKey, this.client.publicKey, this.client.secretKey)) {
					assertThat(pusher.awaitSuccess(TIMEOUT)).singleElement()
						.satisfies(line -> assertThat(line.get("sent").asInt()).isEqualTo(COUNT));
				}
				await().atMost(TIMEOUT).until(() -> inbox.received.size() >= COUNT);
				assertThat(inbox.received).containsExactlyElementsOf(EXPECTED);
			});
	}

	@Test
	void starterCurveClientIsServedByPyzmqCurveServer() {
		try (PythonPeer pyServer = PythonPeer.start("curve_pull_server.py", String.valueOf(COUNT))) {
			JsonNode bound = pyServer.awaitLine(line -> line.has("port"), TIMEOUT);
			this.runner
				.withPropertyValues("zmq.endpoints.out.type=PUSH",
						"zmq.endpoints.out.connect=tcp://127.0.0.1:" + bound.get("port").asInt(),
						"zmq.security.endpoints.out.public-key=" + this.client.publicKey,
						"zmq.security.endpoints.out.secret-key=" + this.client.secretKey,
						"zmq.security.endpoints.out.server-key=" + bound.get("server_key").asString())
				.run(context -> {
					assertThat(context).hasNotFailed();
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					for (String message : EXPECTED) {
						template.send("out", message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
					}
					List<JsonNode> lines = pyServer.awaitSuccess(TIMEOUT);
					List<String> received = new ArrayList<>();
					lines.stream()
						.filter(line -> line.has("received"))
						.findFirst()
						.orElseThrow()
						.get("received")
						.forEach(item -> received.add(item.asString()));
					assertThat(received).containsExactlyElementsOf(EXPECTED);
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SecuredInbox {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "secured-inbox", endpoint = "inbox")
		void onMessage(String text) {
			this.received.add(text);
		}

	}

}
