package dev.zmqspring.interop;

import java.time.Duration;

import dev.zmqspring.core.ZmqSocketCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Works around a JeroMQ 0.6.0 race (zeromq/jeromq pull request 1022, not in any release): now and then a socket
 * that connects completes the TCP connect but never sends its ZMTP greeting, because the I/O thread's poller drops
 * the new connection's registration. The connection then sits idle until the handshake timer, 30 s by default,
 * tears it down and reconnects. Against pyzmq peers this hit up to one fresh connection in five here (a request
 * that times out, a subscriber that hears nothing). A one-second handshake interval on connecting sockets turns
 * that stall into a retry after about a second.
 */
@Configuration(proxyBeanMethods = false)
class ShortHandshakeConfiguration {

	static final Duration HANDSHAKE_INTERVAL = Duration.ofSeconds(1);

	@Bean
	ZmqSocketCustomizer shortHandshakeOnConnect() {
		return (endpoint, socket) -> {
			if (!endpoint.bind()) {
				socket.setHandshakeIvl((int) HANDSHAKE_INTERVAL.toMillis());
			}
		};
	}

}
