package dev.zmqspring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.security.AuthenticationStatistics;
import dev.zmqspring.security.CurveSocketCustomizer;
import dev.zmqspring.security.EndpointSecurity;
import dev.zmqspring.security.MalformedFrameGuard;
import dev.zmqspring.security.ZapAuthenticator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.zeromq.ZContext;

/**
 * CURVE security of the endpoints listed under {@code zmq.security.endpoints}: their keys, applied to every socket
 * opened for them, and the ZAP authenticator that admits only allowed clients to the server endpoints. The
 * authenticator is bound while the beans are created, before any listener, sender or device opens a socket. Also
 * guards every network socket against frames with a negative length and greetings of ZMTP before 3.0
 * ({@link MalformedFrameGuard}).
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass(ZContext.class)
@ConditionalOnBean(ZmqEndpointCatalog.class)
@EnableConfigurationProperties(ZmqSecurityProperties.class)
public final class ZmqSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AuthenticationStatistics zmqAuthenticationStatistics() {
		return new AuthenticationStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	ZapAuthenticator zmqZapAuthenticator(ZContext zmqContext, ZmqSecurityProperties security,
			ZmqEndpointCatalog catalog, AuthenticationStatistics statistics, ZmqProperties properties,
			ObjectProvider<ConnectionRejections> rejections) {
		Map<String, EndpointSecurity> servers = new LinkedHashMap<>();
		EndpointSecurityFactory.create(security, catalog).forEach((name, endpoint) -> {
			if (endpoint.server()) {
				servers.put(name, endpoint);
			}
		});
		ZapAuthenticator authenticator = new ZapAuthenticator(zmqContext, servers, statistics,
				properties.getShutdownTimeout(), rejections.getIfAvailable());
		// Clients dropped before the ZAP step (plain-text, wrong server key) count as refusals too.
		rejections.ifAvailable(connections -> connections.addListener(authenticator::connectionRejected));
		if (!servers.isEmpty()) {
			// Bound now, not at lifecycle start: a sender's server socket may open before lifecycles start.
			authenticator.start();
		}
		return authenticator;
	}

	@Bean
	@ConditionalOnMissingBean
	CurveSocketCustomizer zmqCurveSocketCustomizer(ZmqSecurityProperties security, ZmqEndpointCatalog catalog,
			ObjectProvider<ZapAuthenticator> authenticator) {
		return new CurveSocketCustomizer(EndpointSecurityFactory.create(security, catalog),
				authenticator.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	MalformedFrameGuard zmqMalformedFrameGuard() {
		return new MalformedFrameGuard();
	}

}
