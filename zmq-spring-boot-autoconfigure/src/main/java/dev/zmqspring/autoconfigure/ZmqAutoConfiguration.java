package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.config.ZmqListenerAnnotationBeanPostProcessor;
import dev.zmqspring.config.ZmqPublisherRegistrar;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.DefaultZmqThreadFactory;
import dev.zmqspring.core.IoThreadFailures;
import dev.zmqspring.core.SenderReopener;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqOutbox;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqSocketCustomizer;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.core.ZmqSocketSecurityCheck;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.core.ZmqThreadFactory;
import dev.zmqspring.listener.ListenerReopener;
import dev.zmqspring.listener.LoggingZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqListenerContainerCustomizer;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.observation.ZmqDispatchObservationConvention;
import dev.zmqspring.observation.ZmqListenerObservationConvention;
import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.observation.ZmqRequestObservationConvention;
import dev.zmqspring.observation.ZmqSendObservationConvention;
import dev.zmqspring.proxy.ProxyReopener;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyRegistry;
import dev.zmqspring.support.converter.JsonZmqMessageConverter;
import dev.zmqspring.support.converter.SimpleZmqMessageConverter;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.zeromq.ZContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of ZeroMQ messaging: one shared {@link ZContext}, the named
 * endpoints of {@code zmq.endpoints}, {@code @ZmqListener} containers,
 * {@code @ZmqPublisher} interfaces, {@link ZmqTemplate} and the devices of
 * {@code zmq.proxies}. Every bean backs off when the application declares its own.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration" })
@ConditionalOnClass(ZContext.class)
@EnableConfigurationProperties(ZmqProperties.class)
@Import({ ZmqPublisherRegistrar.class, ReliableDeliveryConfiguration.class })
public final class ZmqAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZmqEndpointCatalog zmqEndpointCatalog(ZmqProperties properties) {
		return EndpointCatalogFactory.create(properties);
	}

	/**
	 * The one deadline of the whole ZeroMQ shutdown ({@code zmq.shutdown-timeout}): the
	 * first stage that stops when the application closes starts it, and every later stage
	 * waits only for what is left.
	 */
	@Bean
	@ConditionalOnMissingBean
	ZmqShutdownDeadline zmqShutdownDeadline(ZmqProperties properties) {
		return new ZmqShutdownDeadline(properties.getShutdownTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	IoThreadFailures zmqIoThreadFailures() {
		return new IoThreadFailures();
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionRejections zmqConnectionRejections() {
		return new ConnectionRejections();
	}

	/**
	 * Platform threads, and virtual threads for the work that holds no socket with
	 * {@code spring.threads.virtual.enabled=true} on Java 21 or later.
	 */
	@Bean
	@ConditionalOnMissingBean
	ZmqThreadFactory zmqThreadFactory(Environment environment) {
		return Threading.VIRTUAL.isActive(environment) ? DefaultZmqThreadFactory.virtualWorkerThreads()
				: DefaultZmqThreadFactory.platformThreads();
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqSocketFactory zmqSocketFactory(ZContext zmqContext, ObjectProvider<ZmqSocketCustomizer> customizers,
			ObjectProvider<ZmqSocketSecurityCheck> securityCheck, ConnectionRejections rejections,
			ZmqThreadFactory threadFactory) {
		// Without the security auto-configuration's check, no socket may be a CURVE or
		// PLAIN server.
		ZmqSocketFactory factory = new ZmqSocketFactory(zmqContext, customizers.orderedStream().toList(),
				securityCheck.getIfAvailable(() -> ZmqSocketSecurityCheck.REFUSE_UNAUTHENTICATED_SERVERS), rejections);
		factory.setThreadFactory(threadFactory);
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqSenderRegistry zmqSenderRegistry(ZmqEndpointCatalog catalog, ZmqSocketFactory socketFactory,
			ZmqShutdownDeadline shutdownDeadline, ObjectProvider<IoThreadFailures> ioThreadFailures) {
		ZmqSenderRegistry registry = new ZmqSenderRegistry(catalog, socketFactory, shutdownDeadline);
		ioThreadFailures.ifAvailable((failures) -> failures.addEndpointReopener(new SenderReopener(registry)));
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqTemplate zmqTemplate(ZmqSenderRegistry senders, ZmqMessageConverter converter, ObjectProvider<ZmqOutbox> outbox,
			ZmqObservations observations) {
		ZmqTemplate template = new ZmqTemplate(senders, converter);
		template.setOutbox(outbox.getIfAvailable());
		template.setObservations(observations);
		return template;
	}

	/**
	 * The observations of sends, requests and listener invocations: none without an
	 * {@link ObservationRegistry}, or with {@code zmq.observation.enabled=false}.
	 */
	@Bean
	@ConditionalOnMissingBean
	ZmqObservations zmqObservations(ZmqProperties properties, ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<ZmqSendObservationConvention> send, ObjectProvider<ZmqRequestObservationConvention> request,
			ObjectProvider<ZmqListenerObservationConvention> listener,
			ObjectProvider<ZmqDispatchObservationConvention> dispatch) {
		return ObservationSettings.observations(properties, registry.getIfUnique(() -> ObservationRegistry.NOOP),
				new ZmqObservations.Conventions(send.getIfUnique(), request.getIfUnique(), listener.getIfUnique(),
						dispatch.getIfUnique(), properties.getObservation().isTopicTag()));
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqListenerErrorHandler zmqListenerErrorHandler() {
		return new LoggingZmqListenerErrorHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqListenerContainerFactoryConfigurer zmqListenerContainerFactoryConfigurer(ZmqSocketFactory socketFactory,
			ZmqMessageConverter converter, ZmqListenerErrorHandler errorHandler, ZmqShutdownDeadline shutdownDeadline,
			ObjectProvider<ZmqListenerContainerCustomizer> customizers, ZmqObservations observations) {
		ZmqListenerContainerFactoryConfigurer configurer = new ZmqListenerContainerFactoryConfigurer(socketFactory,
				converter, errorHandler, shutdownDeadline, customizers.orderedStream().toList());
		configurer.setObservations(observations);
		return configurer;
	}

	@Bean
	@ConditionalOnMissingBean(name = "zmqListenerContainerFactory")
	ZmqListenerContainerFactory zmqListenerContainerFactory(ZmqListenerContainerFactoryConfigurer configurer) {
		return configurer.create();
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqListenerEndpointRegistry zmqListenerEndpointRegistry(ZmqShutdownDeadline shutdownDeadline,
			ObjectProvider<IoThreadFailures> ioThreadFailures, ZmqThreadFactory threadFactory) {
		ZmqListenerEndpointRegistry registry = new ZmqListenerEndpointRegistry(shutdownDeadline);
		// A failure of JeroMQ's I/O thread while reading for a listener reopens that
		// listener's socket.
		ioThreadFailures
			.ifAvailable((failures) -> failures.addEndpointReopener(new ListenerReopener(registry, threadFactory)));
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqListenerAnnotationBeanPostProcessor.ListenerDefaults zmqListenerDefaults(ZmqProperties properties) {
		return new ZmqListenerAnnotationBeanPostProcessor.ListenerDefaults(properties.getListener().getConcurrency(),
				properties.getListener().isAutoStartup(), properties.getTypeMappings());
	}

	@Bean
	@ConditionalOnMissingBean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ZmqListenerAnnotationBeanPostProcessor zmqListenerAnnotationBeanPostProcessor() {
		return new ZmqListenerAnnotationBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqProxyRegistry zmqProxyRegistry(ZmqProperties properties, ZmqSocketFactory socketFactory,
			ZmqEndpointCatalog catalog, ZmqShutdownDeadline shutdownDeadline,
			ObjectProvider<IoThreadFailures> ioThreadFailures) {
		List<ZmqProxy> proxies = new ArrayList<>();
		properties.getProxies()
			.forEach((name, proxy) -> proxies
				.add(ProxyFactory.create(name, proxy, catalog.defaultSettings(), socketFactory)));
		ZmqProxyRegistry registry = new ZmqProxyRegistry(proxies, shutdownDeadline);
		ioThreadFailures.ifAvailable((failures) -> failures.addEndpointReopener(new ProxyReopener(registry)));
		return registry;
	}

	/**
	 * The shared context, closed last and within what is left of
	 * {@code zmq.shutdown-timeout}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(ZContext.class)
	static class ContextConfiguration {

		@Bean(destroyMethod = "")
		ZContext zmqContext(ZmqProperties properties, IoThreadFailures ioThreadFailures,
				ZmqThreadFactory threadFactory) {
			ZContext context = new ZContext(properties.getIoThreads());
			// Before the first socket: JeroMQ starts its threads then.
			ioThreadFailures.install(context, threadFactory);
			return context;
		}

		@Bean
		ZmqContextCloser zmqContextCloser(ZContext zmqContext, ZmqShutdownDeadline shutdownDeadline,
				ZmqThreadFactory threadFactory) {
			return new ZmqContextCloser(zmqContext, shutdownDeadline, threadFactory);
		}

	}

	/** JSON payloads through Boot's Jackson 3 {@code JsonMapper}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JsonConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ZmqMessageConverter zmqMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
			return new JsonZmqMessageConverter(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
		}

	}

	/** Without Jackson: {@code byte[]} and {@code String} payloads only. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
	static class SimpleConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ZmqMessageConverter zmqMessageConverter() {
			return new SimpleZmqMessageConverter();
		}

	}

}
