package dev.zmqspring.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A CURVE server endpoint configured by properties admits only the clients in its
 * allow-list: plain-text clients, clients with an unknown key and clients that expect
 * another server key are refused, logged (without secrets) and counted, and none of their
 * messages reaches the listener, while the allowed client keeps being served.
 */
@Timeout(30)
@ExtendWith(OutputCaptureExtension.class)
class CurveAuthenticationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZMQ.Curve.KeyPair server = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair allowed = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair stranger = ZmqKeyGenerator.generate();

	private final ApplicationContextRunner serverApp = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
		.withUserConfiguration(Inbox.class)
		.withPropertyValues("zmq.endpoints.inbox.type=PULL", "zmq.endpoints.inbox.bind=tcp://127.0.0.1:*",
				"zmq.security.endpoints.inbox.public-key=" + this.server.publicKey,
				"zmq.security.endpoints.inbox.secret-key=" + this.server.secretKey,
				"zmq.security.endpoints.inbox.allowed-client-keys=" + this.allowed.publicKey);

	@Test
	void allowedClientIsServedWhilePlainUnknownAndWrongServerKeyClientsAreRefused(CapturedOutput output) {
		this.serverApp.run(context -> {
			assertThat(context).hasNotFailed();
			String address = boundAddress(context);
			Inbox inbox = context.getBean(Inbox.class);
			AuthenticationStatistics statistics = context.getBean(AuthenticationStatistics.class);
			try (CurveClients clients = new CurveClients()) {
				CurveClients.Client good = clients.curve(address, this.allowed, this.server.publicKey);
				good.send("allowed-1");
				await().atMost(WAIT).until(() -> inbox.received.contains("allowed-1"));

				CurveClients.Client plain = clients.plain(address);
				plain.send("from-plain-client");
				plain.awaitRefused(WAIT);
				String wrongServerKey = ZmqKeyGenerator.generate().publicKey;
				clients.awaitRefusedByAuthenticator(context.getBean(ConnectionRejections.class), "inbox", () -> {
					CurveClients.Client unknown = clients.curve(address, this.stranger, this.server.publicKey);
					unknown.send("from-unknown-key");
					return unknown;
				}, WAIT);
				clients.awaitOneRefused(() -> {
					CurveClients.Client wrongServer = clients.curve(address, this.allowed, wrongServerKey);
					wrongServer.send("from-wrong-server-key");
					return wrongServer;
				}, WAIT);

				good.send("allowed-2");
				await().atMost(WAIT).until(() -> inbox.received.contains("allowed-2"));
				assertThat(inbox.received).containsExactly("allowed-1", "allowed-2");
				assertThat(statistics.getAccepted("inbox")).isGreaterThanOrEqualTo(1);
				// Every kind of refusal is logged and counted: by the ZAP step (unknown
				// key), and by the server
				// socket's event hook for clients that never reach it (a plain-text
				// client, whose greeting names
				// the NULL mechanism, and a client that expects another server key).
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(output.getOut() + output.getErr())
						.contains("Endpoint 'inbox' refused a client from 127.0.0.1: its public key "
								+ this.stranger.publicKey)
						.contains("Endpoint 'inbox' dropped a connection from 127.0.0.1: the peer did not complete a"
								+ " ZMTP 3 greeting for the CURVE mechanism")
						.contains("Endpoint 'inbox' dropped a connection from 127.0.0.1: the peer failed the CURVE"
								+ " handshake (cryptographic error"));
				assertThat(statistics.getRejected("inbox")).isGreaterThanOrEqualTo(3);
				ConnectionRejections rejections = context.getBean(ConnectionRejections.class);
				assertThat(rejections.getRejected("inbox", ConnectionRejections.Reason.GREETING)).isPositive();
				assertThat(rejections.getRejected("inbox", ConnectionRejections.Reason.PROTOCOL)).isPositive();
				assertThat(rejections.getRejected("inbox", ConnectionRejections.Reason.AUTHENTICATION)).isPositive();
				assertThat(output.getOut() + output.getErr()).doesNotContain(this.server.secretKey)
					.doesNotContain(this.allowed.secretKey)
					.doesNotContain(this.stranger.secretKey);
			}
		});
	}

	@Test
	void repeatedRefusalsOfOneClientAreCountedEachButLoggedOnce(CapturedOutput output) {
		this.serverApp.run(context -> {
			assertThat(context).hasNotFailed();
			String address = boundAddress(context);
			AuthenticationStatistics statistics = context.getBean(AuthenticationStatistics.class);
			try (CurveClients clients = new CurveClients()) {
				for (int i = 0; i < 3; i++) {
					clients.awaitRefusedByAuthenticator(context.getBean(ConnectionRejections.class), "inbox",
							() -> clients.curve(address, this.stranger, this.server.publicKey), WAIT);
				}
				await().atMost(WAIT).until(() -> statistics.getRejected("inbox") >= 3);
			}
			String line = "refused a client from 127.0.0.1: its public key " + this.stranger.publicKey;
			String log = output.getOut() + output.getErr();
			assertThat(log.split(java.util.regex.Pattern.quote(line), -1)).hasSize(2);
		});
	}

	@Test
	void clientEndpointConfiguredByPropertiesIsServedBySecuredServer() {
		this.serverApp.run(server -> {
			assertThat(server).hasNotFailed();
			String address = boundAddress(server);
			new ApplicationContextRunner()
				.withConfiguration(
						AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
				.withPropertyValues("zmq.endpoints.outbox.type=PUSH", "zmq.endpoints.outbox.connect=" + address,
						"zmq.security.endpoints.outbox.public-key=" + this.allowed.publicKey,
						"zmq.security.endpoints.outbox.secret-key=" + this.allowed.secretKey,
						"zmq.security.endpoints.outbox.server-key=" + this.server.publicKey)
				.run(client -> {
					assertThat(client).hasNotFailed();
					client.getBean(ZmqTemplate.class).convertAndSend("outbox", "over CURVE");
					Inbox inbox = server.getBean(Inbox.class);
					await().atMost(WAIT).until(() -> inbox.received.contains("over CURVE"));
					assertThat(server.getBean(AuthenticationStatistics.class).getAccepted("inbox")).isEqualTo(1);
				});
		});
	}

	static String boundAddress(AssertableApplicationContext context) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("inbox").getAddresses().get(0);
	}

	@Configuration(proxyBeanMethods = false)
	static class Inbox {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "inbox", endpoint = "inbox")
		void onMessage(String text) {
			this.received.add(text);
		}

	}

}
