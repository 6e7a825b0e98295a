package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.config.ZmqListenerAnnotationBeanPostProcessor;
import dev.zmqspring.core.SocketSettings;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.LoggingZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqListenerException;
import dev.zmqspring.proxy.ZmqProxyRegistry;
import dev.zmqspring.support.converter.JsonZmqMessageConverter;
import dev.zmqspring.support.converter.SimpleZmqMessageConverter;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import dev.zmqspring.testsupport.RawSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import tools.jackson.databind.json.JsonMapper;

import static dev.zmqspring.testsupport.StartupFailures.assertFailedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which beans the starter contributes, when each one backs off, and what happens without
 * JeroMQ or Jackson.
 */
@Timeout(30)
class ZmqAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void startsWithEveryBeanWhenNothingIsConfigured() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ZContext.class)
				.hasSingleBean(ZmqEndpointCatalog.class)
				.hasSingleBean(ZmqSocketFactory.class)
				.hasSingleBean(ZmqSenderRegistry.class)
				.hasSingleBean(ZmqTemplate.class)
				.hasSingleBean(ZmqMessageConverter.class)
				.hasSingleBean(ZmqListenerContainerFactory.class)
				.hasSingleBean(ZmqListenerEndpointRegistry.class)
				.hasSingleBean(ZmqListenerAnnotationBeanPostProcessor.class)
				.hasSingleBean(ZmqProxyRegistry.class)
				.hasSingleBean(ZmqListenerErrorHandler.class);
			assertThat(context.getBean(ZmqMessageConverter.class)).isInstanceOf(JsonZmqMessageConverter.class);
			assertThat(context.getBean(ZmqListenerErrorHandler.class))
				.isInstanceOf(LoggingZmqListenerErrorHandler.class);
			assertThat(context.getBean(ZmqEndpointCatalog.class).endpoints()).isEmpty();
			assertThat(context.getBean(ZmqEndpointCatalog.class).defaultSettings()).isEqualTo(SocketSettings.DEFAULTS);
			assertThat(context.getBean(ZmqProxyRegistry.class).getProxies()).isEmpty();
			assertThat(context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainers()).isEmpty();
			assertThat(context.getBean(ZmqSocketFactory.class).getContext()).isSameAs(context.getBean(ZContext.class));
			assertThat(context.getBean(ZContext.class).isClosed()).isFalse();
		});
	}

	@Test
	void autoConfiguredZContextIsClosedWithTheApplication() {
		AtomicReference<ZContext> zContext = new AtomicReference<>();
		this.runner.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.bind=inproc://autoconf-closed")
			.run(context -> {
				assertThat(context).hasNotFailed();
				zContext.set(context.getBean(ZContext.class));
				assertThat(zContext.get().getSockets()).isNotEmpty();
			});
		assertThat(zContext.get().isClosed()).isTrue();
	}

	@Test
	void jsonConverterUsesTheApplicationsJsonMapper() {
		this.runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqMessageConverter converter = context.getBean(ZmqMessageConverter.class);
				assertThat(new String(converter.toBytes(new Quantity("A-1", 3)))).contains("\"order_id\":\"A-1\"");
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("userBeans")
	void backsOffWhenTheApplicationDeclaresItsOwn(Class<?> type, Class<?> userConfiguration, String userBeanName) {
		this.runner.withUserConfiguration(userConfiguration).run(context -> {
			assertThat(context).hasNotFailed().hasSingleBean(type);
			assertThat(context.getBeanNamesForType(type)).containsExactly(userBeanName);
		});
	}

	static Stream<Arguments> userBeans() {
		return Stream.of(Arguments.of(ZmqEndpointCatalog.class, UserCatalog.class, "userCatalog"),
				Arguments.of(ZmqSocketFactory.class, UserSocketFactory.class, "userSocketFactory"),
				Arguments.of(ZmqSenderRegistry.class, UserSenderRegistry.class, "userSenderRegistry"),
				Arguments.of(ZmqTemplate.class, UserTemplate.class, "userTemplate"),
				Arguments.of(ZmqMessageConverter.class, UserConverter.class, "userConverter"),
				Arguments.of(ZmqListenerContainerFactory.class, UserContainerFactory.class,
						"zmqListenerContainerFactory"),
				Arguments.of(ZmqListenerEndpointRegistry.class, UserEndpointRegistry.class, "userEndpointRegistry"),
				Arguments.of(ZmqProxyRegistry.class, UserProxyRegistry.class, "userProxyRegistry"),
				Arguments.of(ZmqListenerErrorHandler.class, UserErrorHandler.class, "userErrorHandler"));
	}

	@Test
	void userConverterIsUsedByTemplateAndListeners() {
		this.runner.withUserConfiguration(UserConverter.class).run(context -> {
			ZmqMessageConverter converter = context.getBean(ZmqMessageConverter.class);
			assertThat(converter).isExactlyInstanceOf(SimpleZmqMessageConverter.class);
			assertThat(context.getBean(ZmqListenerContainerFactory.class).getConverter()).isSameAs(converter);
		});
	}

	@Test
	void userErrorHandlerReceivesListenerFailures() {
		this.runner.withUserConfiguration(RecordingErrorHandler.class)
			.withBean("failingListener", FailingListener.class)
			.withPropertyValues("zmq.endpoints.in.type=PULL", "zmq.endpoints.in.bind=inproc://autoconf-errors",
					"zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=inproc://autoconf-errors")
			.run(context -> {
				assertThat(context).hasNotFailed();
				context.getBean(ZmqTemplate.class).convertAndSend("out", "boom");
				List<ZmqListenerException> errors = context.getBean(RecordingErrorHandler.class).errors;
				await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
				assertThat(errors.get(0).getListenerId()).isEqualTo("failingListener.onMessage");
			});
	}

	@Test
	void userZContextIsUsedAndLeftOpenWhenTheApplicationStops() {
		AtomicReference<ZContext> zContext = new AtomicReference<>();
		this.runner.withUserConfiguration(UserZContext.class)
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.bind=inproc://autoconf-user-context")
			.run(context -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ZContext.class)
					.doesNotHaveBean(ZmqContextCloser.class);
				zContext.set(context.getBean(ZContext.class));
				assertThat(context.getBean(ZmqSocketFactory.class).getContext()).isSameAs(zContext.get());
				// The sender of "out" opened its socket in the application's context.
				assertThat(zContext.get().getSockets()).isNotEmpty();
			});
		ZContext userContext = zContext.get();
		try {
			assertThat(userContext.isClosed()).isFalse();
			// The starter closed its own sockets and left the context usable.
			assertThat(userContext.getSockets()).isEmpty();
			try (ZMQ.Socket pull = userContext.createSocket(SocketType.PULL);
					ZMQ.Socket push = userContext.createSocket(SocketType.PUSH)) {
				pull.bind("inproc://autoconf-user-context-after");
				RawSockets.connect(push, "inproc://autoconf-user-context-after");
				assertThat(push.send("still usable")).isTrue();
				pull.setReceiveTimeOut(5000);
				assertThat(pull.recvStr()).isEqualTo("still usable");
			}
		}
		finally {
			userContext.close();
		}
	}

	@Test
	void configuresNothingWithoutJeromq() {
		this.runner.withClassLoader(new FilteredClassLoader(ZContext.class)).run(context -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(ZContext.class)
				.doesNotHaveBean(ZmqEndpointCatalog.class)
				.doesNotHaveBean(ZmqSocketFactory.class)
				.doesNotHaveBean(ZmqSenderRegistry.class)
				.doesNotHaveBean(ZmqTemplate.class)
				.doesNotHaveBean(ZmqMessageConverter.class)
				.doesNotHaveBean(ZmqListenerContainerFactory.class)
				.doesNotHaveBean(ZmqListenerEndpointRegistry.class)
				.doesNotHaveBean(ZmqListenerAnnotationBeanPostProcessor.class)
				.doesNotHaveBean(ZmqProxyRegistry.class)
				.doesNotHaveBean(ZmqProperties.class);
		});
	}

	@Test
	void usesTheSimpleConverterWithoutJackson() {
		this.runner.withClassLoader(new FilteredClassLoader(JsonMapper.class)).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ZmqMessageConverter.class)).isExactlyInstanceOf(SimpleZmqMessageConverter.class);
		});
	}

	@Test
	void stringPayloadsWorkWithoutJackson() {
		this.runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.withBean("textListener", TextListener.class)
			.withPropertyValues("zmq.endpoints.in.type=PULL", "zmq.endpoints.in.bind=inproc://autoconf-no-jackson",
					"zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=inproc://autoconf-no-jackson")
			.run(context -> {
				assertThat(context).hasNotFailed();
				context.getBean(ZmqTemplate.class).convertAndSend("out", "plain text");
				TextListener listener = context.getBean(TextListener.class);
				assertThat(listener.received.await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(listener.texts).containsExactly("plain text");
			});
	}

	@Test
	void jsonListenerWithoutJacksonFailsStartupAndSaysWhatToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.withBean("quantityListener", QuantityListener.class)
			.withPropertyValues("zmq.endpoints.in.type=PULL", "zmq.endpoints.in.bind=inproc://autoconf-json-no-jackson")
			.run(context -> assertFailedWith(context, "QuantityListener.onQuantity()", "quantityListener",
					Quantity.class.getName(), "add spring-boot-starter-jackson"));
	}

	record Quantity(String orderId, int quantity) {
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCatalog {

		@Bean
		ZmqEndpointCatalog userCatalog() {
			return new ZmqEndpointCatalog(Map.of(), SocketSettings.DEFAULTS, Duration.ofSeconds(5), 0);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSocketFactory {

		@Bean
		ZmqSocketFactory userSocketFactory(ZContext zContext) {
			return new ZmqSocketFactory(zContext, List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSenderRegistry {

		@Bean
		ZmqSenderRegistry userSenderRegistry(ZmqEndpointCatalog catalog, ZmqSocketFactory socketFactory) {
			return new ZmqSenderRegistry(catalog, socketFactory, new ZmqShutdownDeadline(Duration.ofSeconds(1)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplate {

		@Bean
		ZmqTemplate userTemplate(ZmqSenderRegistry senders, ZmqMessageConverter converter) {
			return new ZmqTemplate(senders, converter);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConverter {

		@Bean
		ZmqMessageConverter userConverter() {
			return new SimpleZmqMessageConverter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserContainerFactory {

		@Bean
		ZmqListenerContainerFactory zmqListenerContainerFactory(ZmqSocketFactory socketFactory,
				ZmqMessageConverter converter, ZmqListenerErrorHandler errorHandler) {
			return new ZmqListenerContainerFactory(socketFactory, converter, errorHandler,
					new ZmqShutdownDeadline(Duration.ofSeconds(1)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointRegistry {

		@Bean
		ZmqListenerEndpointRegistry userEndpointRegistry() {
			return new ZmqListenerEndpointRegistry(new ZmqShutdownDeadline(Duration.ofSeconds(1)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserProxyRegistry {

		@Bean
		ZmqProxyRegistry userProxyRegistry() {
			return new ZmqProxyRegistry(List.of(), new ZmqShutdownDeadline(Duration.ofSeconds(1)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserErrorHandler {

		@Bean
		ZmqListenerErrorHandler userErrorHandler() {
			return exception -> {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserZContext {

		// The application owns this context and closes it itself, after Spring has
		// stopped.
		@Bean(destroyMethod = "")
		ZContext userZContext() {
			return new ZContext();
		}

	}

	static class RecordingErrorHandler implements ZmqListenerErrorHandler {

		final List<ZmqListenerException> errors = new CopyOnWriteArrayList<>();

		@Override
		public void handleError(ZmqListenerException exception) {
			this.errors.add(exception);
		}

	}

	static class FailingListener {

		@ZmqListener(endpoint = "in")
		void onMessage(String text) {
			throw new IllegalStateException("cannot handle " + text);
		}

	}

	static class TextListener {

		final List<String> texts = new CopyOnWriteArrayList<>();

		final CountDownLatch received = new CountDownLatch(1);

		@ZmqListener(endpoint = "in")
		void onText(String text) {
			this.texts.add(text);
			this.received.countDown();
		}

	}

	static class QuantityListener {

		@ZmqListener(endpoint = "in")
		void onQuantity(Quantity quantity) {
		}

	}

}
