package dev.zmqspring.docs.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.security.ZmqSecurityAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.docs.DocsYaml;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CURVE server and client of docs/security.md, with the page's keys (the ZeroMQ test suite's example keys:
 * never use them), the server's key pair in a certificate file and the client's secret key from the environment.
 */
@Timeout(60)
class CurveTests {

	private static final String SERVER_PUBLIC = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

	private static final String SERVER_SECRET = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";

	private static final String CLIENT_SECRET = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs";

	@TempDir
	Path directory;

	@Test
	void clientOfThePageReachesTheServerOfThePage() throws Exception {
		Path certificate = this.directory.resolve("server.key_secret");
		Files.writeString(certificate,
				"curve\n    public-key = \"" + SERVER_PUBLIC + "\"\n    secret-key = \"" + SERVER_SECRET + "\"\n");
		Path clients = Files.createDirectory(this.directory.resolve("clients"));
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class));
		runner.withInitializer(DocsYaml.initializer("docs/security/server.yml"))
			.withUserConfiguration(OrdersServer.class)
			.withPropertyValues("zmq.endpoints.orders.bind=tcp://127.0.0.1:*",
					"zmq.security.endpoints.orders.public-key=file:" + certificate,
					"zmq.security.endpoints.orders.secret-key=file:" + certificate,
					"zmq.security.endpoints.orders.allowed-client-keys-directory=" + clients,
					"zmq.security.endpoints.orders.allowed-addresses=127.0.0.1")
			.run(server -> {
				assertThat(server).hasNotFailed();
				String address = server.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("orders")
					.getAddresses()
					.get(0);
				runner.withInitializer(DocsYaml.initializer("docs/security/client.yml"))
					.withPropertyValues("zmq.endpoints.orders.connect=" + address,
							"ORDERS_CLIENT_SECRET_KEY=" + CLIENT_SECRET)
					.run(client -> {
						assertThat(client).hasNotFailed();
						client.getBean(ZmqTemplate.class).convertAndSend("orders", "order 1");
						OrdersServer orders = server.getBean(OrdersServer.class);
						await().atMost(Duration.ofSeconds(20)).until(() -> orders.received.contains("order 1"));
					});
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OrdersServer {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "orders", endpoint = "orders")
		void receive(String order) {
			this.received.add(order);
		}

	}

}
