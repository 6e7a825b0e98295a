package dev.zmqspring.autoconfigure;

import dev.zmqspring.reliable.DeadLetterService;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Reliable delivery is configured only when an endpoint of {@code zmq.endpoints} is
 * at-least-once, however the delivery is spelled.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class OnAtLeastOnceEndpointConditionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void atLeastOnceEndpointInAnySpellingTurnsReliableDeliveryOn() {
		for (String delivery : new String[] { "at-least-once", "AT_LEAST_ONCE", "at_least_once" }) {
			this.runner
				.withPropertyValues("zmq.endpoints.orders-out.type=dealer",
						"zmq.endpoints.orders-out.delivery=" + delivery,
						"zmq.endpoints.orders-out.connect=inproc://condition-" + delivery)
				.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ReliableDeliveryRegistry.class));
		}
	}

	@Test
	void endpointsThatAreAllAtMostOnceLeaveReliableDeliveryOff() {
		this.runner
			.withPropertyValues("zmq.endpoints.orders-out.type=dealer",
					"zmq.endpoints.orders-out.delivery=at-most-once",
					"zmq.endpoints.orders-out.connect=inproc://condition-off", "zmq.endpoints.events.type=pub",
					"zmq.endpoints.events.bind=inproc://condition-events")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ReliableDeliveryRegistry.class)
				.doesNotHaveBean(DeadLetterService.class));
	}

	@Test
	void injectingADeadLetterServiceWithoutAnAtLeastOnceEndpointSaysWhy(CapturedOutput output) {
		SpringApplication application = new SpringApplication(NeedsDeadLetters.class);
		application.setWebApplicationType(WebApplicationType.NONE);

		assertThatException().isThrownBy(() -> application.run("--zmq.endpoints.events.type=pub",
				"--zmq.endpoints.events.bind=inproc://condition-analysis", "--spring.main.banner-mode=off"));

		assertThat(output)
			.contains("A bean of type 'dev.zmqspring.reliable.DeadLetterService' is required, but"
					+ " at-least-once delivery is configured only when an endpoint of zmq.endpoints is at-least-once")
			.contains("Set zmq.endpoints.<name>.delivery to at-least-once");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ZmqAutoConfiguration.class)
	static class NeedsDeadLetters {

		NeedsDeadLetters(DeadLetterService deadLetters) {
		}

	}

}
