package dev.zmqspring.docs.configuration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqProperties;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketCustomizer;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.docs.DocsYaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/configuration.md: the page's application.yml binds and starts, its per-endpoint values
 * reach the endpoints, the customizer sets its option before the socket opens, and the reconnect example binds.
 */
@Timeout(60)
class ConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withInitializer(DocsYaml.initializer("docs/configuration/application.yml"))
		.withUserConfiguration(KeepAliveConfiguration.class, Recorder.class)
		.withPropertyValues("zmq.endpoints.orders-in.bind=tcp://127.0.0.1:*");

	@Test
	void applicationYamlOfThePageStartsWithItsValues() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			ZmqEndpoint prices = context.getBean(ZmqTemplate.class).getSenderRegistry().endpoint("prices");
			assertThat(prices.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(prices.requestRetries()).isZero();
			Recorder recorder = context.getBean(Recorder.class);
			assertThat(recorder.keepAlive).containsEntry("orders-in", 1);
			assertThat(recorder.receiveHighWaterMark).containsEntry("orders-in", 10000);
		});
	}

	@Test
	void aListenerGetsItsContainerFromTheFactoryItNames() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(CsvListeners.class)
			.withPropertyValues("zmq.endpoints.telemetry-in.type=pull",
					"zmq.endpoints.telemetry-in.bind=inproc://docs-telemetry", "zmq.endpoints.telemetry.type=push",
					"zmq.endpoints.telemetry.connect=inproc://docs-telemetry")
			.run(context -> {
				assertThat(context).hasNotFailed();
				context.getBean(ZmqTemplate.class)
					.send("telemetry", "s-1,21.5".getBytes(java.nio.charset.StandardCharsets.UTF_8));
				CsvListeners listeners = context.getBean(CsvListeners.class);
				org.awaitility.Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.until(() -> !listeners.readings.isEmpty());
				assertThat(listeners.readings).containsExactly(new CsvListeners.Reading("s-1", 21.5));
			});
	}

	@Test
	void reconnectYamlOfThePageBindsTheGlobalAndTheEndpointValues() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withInitializer(DocsYaml.initializer("docs/configuration/reconnect.yml"))
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqProperties properties = context.getBean(ZmqProperties.class);
				assertThat(properties.getSocket().getReconnectInterval()).isEqualTo(Duration.ofMillis(100));
				assertThat(properties.getSocket().getReconnectIntervalMax()).isEqualTo(Duration.ofSeconds(1));
				assertThat(properties.getSocket().getPeerWaitWarning()).isEqualTo(Duration.ofSeconds(10));
				assertThat(properties.getEndpoints().get("prices").getSocket().getPeerWaitWarning())
					.isEqualTo(Duration.ofMinutes(2));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Recorder {

		final Map<String, Integer> keepAlive = new ConcurrentHashMap<>();

		final Map<String, Integer> receiveHighWaterMark = new ConcurrentHashMap<>();

		@Bean
		@Order(100)
		ZmqSocketCustomizer recordingCustomizer() {
			return (endpoint, socket) -> {
				this.keepAlive.put(endpoint.name(), socket.getTCPKeepAlive());
				this.receiveHighWaterMark.put(endpoint.name(), socket.getRcvHWM());
			};
		}

		@ZmqListener(endpoint = "orders-in")
		void receive(String order) {
		}

	}

}
