package dev.zmqspring.security;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSocketCustomizer;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.core.ZmqSocketSecurityCheck;
import dev.zmqspring.testsupport.StartupFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A socket that a {@link ZmqSocketCustomizer} makes a CURVE or PLAIN server, where the
 * starter's authenticator does not cover it, never opens: JeroMQ would admit any client.
 * Nor does a secured endpoint whose security a customizer changed. The application
 * refuses to start, naming the endpoint and the fix.
 */
@Timeout(30)
class CustomizedMechanismTests {

	private final ZMQ.Curve.KeyPair server = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair client = ZmqKeyGenerator.generate();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
		.withUserConfiguration(CurveAuthenticationTests.Inbox.class)
		.withPropertyValues("zmq.endpoints.inbox.type=PULL", "zmq.endpoints.inbox.bind=tcp://127.0.0.1:*");

	/**
	 * Why the check exists: without a ZAP handler, JeroMQ's CURVE server lets in a client
	 * with any key pair.
	 */
	@Test
	void jeromqAloneAdmitsAnyClientOfACurveServer() {
		try (ZContext context = new ZContext(); CurveClients clients = new CurveClients()) {
			ZMQ.Socket pull = context.createSocket(SocketType.PULL);
			pull.setCurveServer(true);
			pull.setCurveSecretKey(ZMQ.Curve.z85Decode(this.server.secretKey));
			pull.setReceiveTimeOut(200);
			pull.bind("tcp://127.0.0.1:*");
			ZMQ.Curve.KeyPair anybody = ZmqKeyGenerator.generate();
			clients.curve(pull.getLastEndpoint(), anybody, this.server.publicKey).send("let me in");
			await().atMost(Duration.ofSeconds(10)).until(() -> "let me in".equals(pull.recvStr()));
		}
	}

	@Test
	void customizerThatMakesAnUnsecuredEndpointACurveServerStopsTheApplication() {
		this.runner.withBean(ZmqSocketCustomizer.class, () -> curveServer(this.server, "inbox")).run(context -> {
			String message = StartupFailures.assertFailedWith(context, "Endpoint 'inbox' (PULL bind tcp://127.0.0.1:*)",
					"made a CURVE server by a ZmqSocketCustomizer (setCurveServer(true))",
					"JeroMQ would admit any client", "it does not open",
					"configuring zmq.security.endpoints.inbox (public-key, secret-key, allowed-client-keys)",
					"remove the customizer's setCurveServer(true)");
			assertThat(message).doesNotContain(this.server.secretKey);
		});
	}

	@Test
	void customizerThatMakesAnUnsecuredEndpointAPlainServerStopsTheApplication() {
		this.runner.withBean(ZmqSocketCustomizer.class, () -> plainServer("inbox"))
			.run(context -> StartupFailures.assertFailedWith(context, "Endpoint 'inbox'",
					"made a PLAIN server by a ZmqSocketCustomizer", "JeroMQ would admit any client",
					"The starter does not offer PLAIN", "user names and passwords in clear text",
					"Secure it with CURVE by configuring zmq.security.endpoints.inbox",
					"remove the customizer's setPlainServer(true)"));
	}

	@Test
	void plainServerIsRefusedAlsoBesideSecuredEndpoints() {
		// The authenticator runs (for 'inbox'), yet the PLAIN server of 'other' is not
		// left to it: it does not open.
		this.runner
			.withPropertyValues("zmq.endpoints.other.type=PUB", "zmq.endpoints.other.bind=tcp://127.0.0.1:*",
					"zmq.security.endpoints.inbox.public-key=" + this.server.publicKey,
					"zmq.security.endpoints.inbox.secret-key=" + this.server.secretKey,
					"zmq.security.endpoints.inbox.allowed-client-keys=" + this.client.publicKey)
			.withBean(ZmqSocketCustomizer.class, () -> plainServer("other"))
			.run(context -> StartupFailures.assertFailedWith(context, "Endpoint 'other' (PUB bind",
					"made a PLAIN server", "zmq.security.endpoints.other"));
	}

	@Test
	void customizerThatMakesADeviceSocketACurveServerStopsTheApplication() {
		this.runner
			.withPropertyValues("zmq.proxies.relay.type=streamer", "zmq.proxies.relay.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.relay.backend.bind=tcp://127.0.0.1:*")
			.withBean(ZmqSocketCustomizer.class, () -> curveServer(this.server, "relay.frontend"))
			.run(context -> StartupFailures.assertFailedWith(context, "Endpoint 'relay.frontend'",
					"made a CURVE server", "Only endpoints declared under zmq.endpoints can be secured",
					"zmq.proxies.relay.frontend", "remove the customizer's setCurveServer(true)"));
	}

	@Test
	void withoutTheSecurityAutoConfigurationNoSocketMayBeACurveServer() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(CurveAuthenticationTests.Inbox.class)
			.withPropertyValues("zmq.endpoints.inbox.type=PULL", "zmq.endpoints.inbox.bind=tcp://127.0.0.1:*")
			.withBean(ZmqSocketCustomizer.class, () -> curveServer(this.server, "inbox"))
			.run(context -> StartupFailures.assertFailedWith(context, "Endpoint 'inbox'",
					"made a CURVE server by a ZmqSocketCustomizer", "no authenticator checks its clients",
					"zmq.security.endpoints.inbox", "remove the customizer"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "setCurveServer(false)", "setPlainServer(true)", "setZapDomain(other)" })
	void customizerThatChangesTheSecurityOfASecuredServerKeepsItClosed(String change) {
		Consumer<ZMQ.Socket> changeSocket = switch (change) {
			case "setCurveServer(false)" -> socket -> socket.setCurveServer(false);
			case "setPlainServer(true)" -> socket -> socket.setPlainServer(true);
			default -> socket -> socket.setZapDomain("other");
		};
		String seen = switch (change) {
			case "setCurveServer(false)" -> "its socket uses the NULL mechanism (no encryption, no authentication)";
			case "setPlainServer(true)" -> "its socket uses the PLAIN mechanism";
			default -> "its socket asks the ZAP domain 'other'";
		};
		this.runner
			.withPropertyValues("zmq.security.endpoints.inbox.public-key=" + this.server.publicKey,
					"zmq.security.endpoints.inbox.secret-key=" + this.server.secretKey,
					"zmq.security.endpoints.inbox.allowed-client-keys=" + this.client.publicKey)
			.run(context -> {
				assertThat(context).hasNotFailed();
				// The starter's customizer followed by one that changes the socket: the
				// order in which a user's
				// customizer would undo the starter's settings.
				ZmqSocketCustomizer changer = (endpoint, socket) -> changeSocket.accept(socket);
				ZmqSocketFactory factory = new ZmqSocketFactory(context.getBean(ZContext.class),
						List.of(context.getBean(CurveSocketCustomizer.class), changer),
						context.getBean(ZmqSocketSecurityCheck.class), context.getBean(ConnectionRejections.class));
				assertThatExceptionOfType(ZmqSecurityException.class)
					.isThrownBy(() -> factory.open(context.getBean(ZmqEndpointCatalog.class).get("inbox", "test"),
							SocketType.PULL))
					.withMessageContaining("Endpoint 'inbox' (PULL bind tcp://127.0.0.1:*) is secured by"
							+ " zmq.security.endpoints.inbox as a CURVE server")
					.withMessageContaining(seen)
					.withMessageContaining("it does not open")
					.withMessageContaining("Remove the security settings")
					.withMessageNotContaining(this.server.secretKey);
			});
	}

	@Test
	void customizerThatMakesASecuredClientAServerKeepsItClosed() {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=tcp://127.0.0.1:5999",
					"zmq.security.endpoints.out.public-key=" + this.client.publicKey,
					"zmq.security.endpoints.out.secret-key=" + this.client.secretKey,
					"zmq.security.endpoints.out.server-key=" + this.server.publicKey)
			.withBean(ZmqSocketCustomizer.class, () -> (endpoint, socket) -> socket.setCurveServer(true))
			.run(context -> StartupFailures.assertFailedWith(context, "Endpoint 'out' (PUSH connect",
					"is secured by zmq.security.endpoints.out as a CURVE client", "its socket is a CURVE server",
					"it does not open"));
	}

	private static ZmqSocketCustomizer curveServer(ZMQ.Curve.KeyPair pair, String endpointName) {
		return (endpoint, socket) -> {
			if (endpoint.name().equals(endpointName)) {
				socket.setCurveServer(true);
				socket.setCurvePublicKey(ZMQ.Curve.z85Decode(pair.publicKey));
				socket.setCurveSecretKey(ZMQ.Curve.z85Decode(pair.secretKey));
			}
		};
	}

	private static ZmqSocketCustomizer plainServer(String endpointName) {
		return (endpoint, socket) -> {
			if (endpoint.name().equals(endpointName)) {
				socket.setPlainServer(true);
			}
		};
	}

}
