package dev.zmqspring.autoconfigure;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.security.ZmqKeyGenerator;
import dev.zmqspring.security.ZmqSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A misconfiguration of the starter ends in Spring Boot's "APPLICATION FAILED TO START"
 * report, with the problem as the description and the fix as the action, not at the
 * bottom of a long stack trace.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class ZmqFailureAnalyzerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class));

	private final ZmqFailureAnalyzer analyzer = new ZmqFailureAnalyzer();

	@Test
	void busyPortIsDescribedWithItsSymbolicErrorAndTheFix() {
		try (ZContext other = new ZContext(); ZMQ.Socket holder = other.createSocket(SocketType.PULL)) {
			holder.bind("tcp://127.0.0.1:*");
			String taken = holder.getLastEndpoint();
			this.runner.withUserConfiguration(OrdersListener.class)
				.withPropertyValues("zmq.endpoints.orders.type=PULL", "zmq.endpoints.orders.bind=" + taken)
				.run(context -> {
					FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
					assertThat(analysis).isNotNull();
					assertThat(analysis.getDescription())
						.isEqualTo("Endpoint 'orders' (PULL) could not bind " + taken
								+ ": Address already in use (EADDRINUSE).")
						.doesNotContain("errno");
					assertThat(analysis.getAction()).startsWith("Choose a free port in zmq.endpoints.orders.bind");
				});
		}
	}

	@Test
	void unknownEndpointNamesTheListenerAndTheProperty() {
		this.runner.withUserConfiguration(OrdersListener.class).run(context -> {
			FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("no endpoint named 'orders'").endsWith(".");
			assertThat(analysis.getAction()).startsWith("Declare zmq.endpoints.orders");
		});
	}

	@Test
	void curveServerWithoutAllowListSaysWhatToSet() {
		ZMQ.Curve.KeyPair server = ZmqKeyGenerator.generate();
		this.runner.withUserConfiguration(OrdersListener.class)
			.withPropertyValues("zmq.endpoints.orders.type=PULL", "zmq.endpoints.orders.bind=tcp://127.0.0.1:*",
					"zmq.security.endpoints.orders.public-key=" + server.publicKey,
					"zmq.security.endpoints.orders.secret-key=" + server.secretKey)
			.run(context -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("orders");
				assertThat(analysis.getAction()).contains("allowed-client-keys");
			});
	}

	@Test
	void propertyThatCannotBeBoundIsLeftToBootsAnalysisWhichNamesItsOrigin() {
		this.runner.withPropertyValues("zmq.io-threads=0")
			.run(context -> assertThat(this.analyzer.analyze(context.getStartupFailure())).isNull());
	}

	@Test
	void failuresOfOtherCodeAreLeftToOtherAnalyzers() {
		IllegalArgumentException fromTheJdk = catchThrowableOfType(IllegalArgumentException.class,
				() -> Integer.parseInt("not a number; really"));
		assertThat(this.analyzer.analyze(fromTheJdk)).isNull();
		assertThat(this.analyzer.analyze(new RuntimeException("wrapper; of it", fromTheJdk))).isNull();
	}

	@Test
	void springBootPrintsTheReport(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ReportedApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--spring.main.banner-mode=off"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("no endpoint named 'orders'")
			.contains("Action:")
			.contains("Declare zmq.endpoints.orders");
	}

	@Configuration(proxyBeanMethods = false)
	static class OrdersListener {

		@ZmqListener(endpoint = "orders")
		void onOrder(String order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ZmqAutoConfiguration.class)
	static class ReportedApplication extends OrdersListener {

	}

}
