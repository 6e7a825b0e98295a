package dev.zmqspring.actuate;

import dev.zmqspring.autoconfigure.ZmqProperties;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.proxy.ZmqProxyRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link ZmqInspector} that health and the {@code zmq} Actuator endpoint share.
 */
@Configuration(proxyBeanMethods = false)
class ZmqInspectorConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZmqInspector zmqInspector(ZmqListenerEndpointRegistry listeners, ObjectProvider<ZmqSenderRegistry> senders,
			ObjectProvider<ZmqProxyRegistry> proxies, ObjectProvider<ZmqProperties> properties,
			ObjectProvider<ConnectionRejections> rejections) {
		Map<String, Integer> minPeers = new LinkedHashMap<>();
		properties.ifAvailable(zmq -> zmq.getEndpoints().forEach((name, endpoint) -> {
			if (endpoint.getMinPeers() > 0) {
				minPeers.put(name, endpoint.getMinPeers());
			}
		}));
		return new ZmqInspector(listeners, senders.getIfAvailable(), proxies.getIfAvailable(), minPeers,
				rejections.getIfAvailable());
	}

}
