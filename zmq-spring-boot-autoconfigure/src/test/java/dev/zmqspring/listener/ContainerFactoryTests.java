package dev.zmqspring.listener;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqListenerContainerFactoryConfigurer;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.converter.SimpleZmqMessageConverter;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener may name the container factory that creates its container
 * ({@code containerFactory}), one the configurer made with a converter of its own; every
 * factory's containers pass through the application's customizers, in order.
 */
@Timeout(30)
class ContainerFactoryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withPropertyValues("zmq.endpoints.plain-in.type=PULL", "zmq.endpoints.plain-in.bind=inproc://factory-plain",
				"zmq.endpoints.plain.type=PUSH", "zmq.endpoints.plain.connect=inproc://factory-plain",
				"zmq.endpoints.shout-in.type=PULL", "zmq.endpoints.shout-in.bind=inproc://factory-shout",
				"zmq.endpoints.shout.type=PUSH", "zmq.endpoints.shout.connect=inproc://factory-shout");

	@Test
	void aListenerNamingAFactoryGetsItsConverterAndTheOthersKeepTheApplicationsOne() {
		this.runner.withUserConfiguration(TwoFactories.class).run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.send("plain", "quiet".getBytes(StandardCharsets.UTF_8));
			template.send("shout", "loud".getBytes(StandardCharsets.UTF_8));
			TwoFactories listeners = context.getBean(TwoFactories.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> listeners.received.size() == 2);
			assertThat(listeners.received).containsExactlyInAnyOrder("plain quiet", "shouted LOUD");
			assertThat(listeners.customized).containsExactlyInAnyOrder("first plain", "second plain", "first shouted",
					"second shouted");
			assertThat(listeners.customized.indexOf("first plain"))
				.isLessThan(listeners.customized.indexOf("second plain"));
		});
	}

	@Test
	void aFactoryNameThatIsNoFactoryFailsStartupNamingIt() {
		this.runner.withUserConfiguration(UnknownFactory.class)
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining(
						"containerFactory names 'nowhere', which is not a" + " ZmqListenerContainerFactory bean"));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoFactories {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<String> customized = new CopyOnWriteArrayList<>();

		@Bean
		ZmqListenerContainerFactory shoutingFactory(ZmqListenerContainerFactoryConfigurer configurer) {
			return configurer.create(new UpperCaseConverter());
		}

		@Bean
		@Order(2)
		ZmqListenerContainerCustomizer second() {
			return (container) -> this.customized.add("second " + container.getId());
		}

		@Bean
		@Order(1)
		ZmqListenerContainerCustomizer first() {
			return (container) -> this.customized.add("first " + container.getId());
		}

		@ZmqListener(id = "plain", endpoint = "plain-in")
		void plain(String text) {
			this.received.add("plain " + text);
		}

		@ZmqListener(id = "shouted", endpoint = "shout-in", containerFactory = "shoutingFactory")
		void shouted(String text) {
			this.received.add("shouted " + text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownFactory {

		@ZmqListener(endpoint = "plain-in", containerFactory = "nowhere")
		void plain(String text) {
		}

	}

	/** Reads text payloads in upper case. */
	static class UpperCaseConverter implements ZmqMessageConverter {

		private final SimpleZmqMessageConverter delegate = new SimpleZmqMessageConverter();

		@Override
		public byte[] toBytes(Object value) {
			return this.delegate.toBytes(value);
		}

		@Override
		public PayloadReader readerFor(Type targetType) {
			return (payload) -> new String(payload, StandardCharsets.UTF_8).toUpperCase();
		}

	}

}
