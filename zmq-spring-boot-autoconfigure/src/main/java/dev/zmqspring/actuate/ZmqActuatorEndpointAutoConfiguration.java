package dev.zmqspring.actuate;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.zeromq.ZContext;

/**
 * The {@code zmq} Actuator endpoint, when Actuator is on the classpath and the endpoint
 * is available (exposed, for example with
 * {@code management.endpoints.web.exposure.include=health,zmq}, and not switched off with
 * {@code management.endpoint.zmq.enabled=false};
 * {@code management.endpoint.zmq.access=read-only} keeps the listener controls off).
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass({ ZContext.class, Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ZmqListenerEndpointRegistry.class)
@ConditionalOnAvailableEndpoint(ZmqActuatorEndpoint.class)
@Import(ZmqInspectorConfiguration.class)
public final class ZmqActuatorEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZmqActuatorEndpoint zmqActuatorEndpoint(ZmqInspector inspector, ZmqListenerEndpointRegistry listeners,
			ObjectProvider<ReliableDeliveryRegistry> reliable, ObjectProvider<DurableTopics> topics) {
		return new ZmqActuatorEndpoint(inspector, listeners, reliable.getIfAvailable(), topics.getIfAvailable());
	}

}
