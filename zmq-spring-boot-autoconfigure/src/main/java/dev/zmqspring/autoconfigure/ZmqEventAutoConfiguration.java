package dev.zmqspring.autoconfigure;

import dev.zmqspring.core.DefaultZmqThreadFactory;
import dev.zmqspring.core.IoThreadFailures;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.core.ZmqThreadFactory;
import dev.zmqspring.event.ZmqEventPublisher;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.zeromq.ZContext;

/**
 * Application events of the starter ({@code dev.zmqspring.event}): socket connected,
 * disconnected and bind failed, listener container started, stopped and failed, a JeroMQ
 * thread died, published from the {@code zmq-events} thread.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass(ZContext.class)
@ConditionalOnBean(ZmqSocketFactory.class)
public final class ZmqEventAutoConfiguration {

	/**
	 * Events waiting to be published beyond this are dropped (and counted), never waited
	 * for.
	 */
	private static final int QUEUE_CAPACITY = 10_000;

	@Bean
	@ConditionalOnMissingBean
	ZmqEventPublisher zmqEventPublisher(ApplicationEventPublisher applicationEventPublisher,
			ObjectProvider<ZmqThreadFactory> threadFactory) {
		return new ZmqEventPublisher(applicationEventPublisher, QUEUE_CAPACITY,
				threadFactory.getIfAvailable(DefaultZmqThreadFactory::platformThreads));
	}

	/**
	 * Hands the publisher to the socket factory and the listener registry before anything
	 * opens a socket.
	 */
	@Bean
	SmartInitializingSingleton zmqEventPublisherWiring(ObjectProvider<ZmqEventPublisher> events,
			ObjectProvider<ZmqSocketFactory> socketFactory, ObjectProvider<ZmqListenerEndpointRegistry> listeners,
			ObjectProvider<IoThreadFailures> ioThreadFailures) {
		return () -> events.ifAvailable(publisher -> {
			socketFactory.ifAvailable(factory -> factory.setEventPublisher(publisher));
			ioThreadFailures.ifAvailable(failures -> failures.setEventPublisher(publisher));
			listeners.ifAvailable(registry -> registry.setEventPublisher(publisher));
		});
	}

}
