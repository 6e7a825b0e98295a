package dev.zmqspring.docs.configuration;

import dev.zmqspring.core.ZmqSocketCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

@Configuration(proxyBeanMethods = false)
class KeepAliveConfiguration {

	// tag::customizer[]
	@Bean
	@Order(0)
	ZmqSocketCustomizer tcpKeepAlive() {
		return (endpoint, socket) -> {
			if (endpoint.name().equals("orders-in")) {
				socket.setTCPKeepAlive(1);            // applied before the socket binds or connects
			}
		};
	}
	// end::customizer[]

}
