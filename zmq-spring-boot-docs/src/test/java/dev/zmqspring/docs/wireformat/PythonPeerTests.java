package dev.zmqspring.docs.wireformat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python peers of docs/wire-format.md, run with Debian's python3-zmq against the starter. Skipped when
 * {@code /usr/bin/python3} cannot import zmq, except on CI ({@code CI=true}), where that fails.
 */
@Timeout(60)
class PythonPeerTests {

	private static final String PYTHON = "/usr/bin/python3";

	private static final Path SCRIPTS = Path.of("src/test/resources/docs/wireformat");

	@BeforeAll
	static void pythonWithZmq() throws Exception {
		boolean available = new File(PYTHON).canExecute()
				&& new ProcessBuilder(PYTHON, "-c", "import zmq").start().waitFor() == 0;
		if (!available && "true".equals(System.getenv("CI"))) {
			throw new IllegalStateException(PYTHON + " cannot import zmq: apt-get install python3-zmq");
		}
		Assumptions.assumeTrue(available, PYTHON + " cannot import zmq (apt-get install python3-zmq)");
	}

	@Test
	void pythonRequestClientGetsTheRepListenersReply() throws Exception {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(StockServer.class)
			.withPropertyValues("zmq.endpoints.stock-server.type=rep",
					"zmq.endpoints.stock-server.bind=tcp://127.0.0.1:*")
			.run(context -> {
				assertThat(context).hasNotFailed();
				String address = context.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("stock")
					.getAddresses()
					.get(0);
				Process python = new ProcessBuilder(PYTHON, SCRIPTS.resolve("stock_client.py").toString(), address)
					.redirectErrorStream(true)
					.start();
				String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				assertThat(python.waitFor(20, TimeUnit.SECONDS)).isTrue();
				assertThat(output).contains("{'sku': 'LAMP-1', 'available': 3}");
			});
	}

	@Test
	void pythonSinkGetsWhatTheTemplateSends() throws Exception {
		Process python = new ProcessBuilder(PYTHON, SCRIPTS.resolve("order_sink.py").toString(), "tcp://127.0.0.1:*")
			.redirectErrorStream(true)
			.start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
			String address = output.readLine();
			assertThat(address).startsWith("tcp://127.0.0.1:");
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
				.withPropertyValues("zmq.endpoints.orders-out.type=push", "zmq.endpoints.orders-out.connect=" + address)
				.run(context -> {
					assertThat(context).hasNotFailed();
					context.getBean(ZmqTemplate.class).convertAndSend("orders-out", new Order("o-1", "LAMP-1", 2));
					assertThat(python.waitFor(20, TimeUnit.SECONDS)).isTrue();
				});
			assertThat(output.readLine()).isEqualTo("{'orderId': 'o-1', 'sku': 'LAMP-1', 'quantity': 2}");
		}
		finally {
			python.destroy();
		}
	}

	record Order(String orderId, String sku, int quantity) {
	}

	record StockQuery(String sku) {
	}

	record StockLevel(String sku, int available) {
	}

	@Configuration(proxyBeanMethods = false)
	static class StockServer {

		@ZmqListener(id = "stock", endpoint = "stock-server")
		StockLevel stock(StockQuery query) {
			return new StockLevel(query.sku(), 3);
		}

	}

}
