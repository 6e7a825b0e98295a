package dev.zmqspring.security;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqProperties;
import dev.zmqspring.core.ZmqThreadFactory;
import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqSocketSecurityCheck;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.zeromq.ZContext;

/**
 * CURVE security of the endpoints listed under {@code zmq.security.endpoints}: their
 * keys, applied to every socket opened for them, and the ZAP authenticator that admits
 * only allowed clients to the server endpoints. The authenticator is bound while the
 * beans are created, before any listener, sender or device opens a socket. Every socket
 * is checked once all customizers ran ({@link SecuredSocketCheck}): a CURVE or PLAIN
 * server that the authenticator does not cover never opens. Also guards every network
 * socket against frames with a negative length and greetings of ZMTP before 3.0
 * ({@link MalformedFrameGuard}) and, with Actuator, masks secret keys in its {@code env}
 * and {@code configprops} endpoints.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass(ZContext.class)
@ConditionalOnBean(ZmqEndpointCatalog.class)
@EnableConfigurationProperties(ZmqSecurityProperties.class)
public final class ZmqSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SecuredEndpoints zmqSecuredEndpoints(ZmqSecurityProperties security, ZmqEndpointCatalog catalog) {
		return new SecuredEndpoints(EndpointSecurityFactory.create(security, catalog));
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationStatistics zmqAuthenticationStatistics() {
		return new AuthenticationStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	ZapAuthenticator zmqZapAuthenticator(ZContext zmqContext, SecuredEndpoints secured,
			AuthenticationStatistics statistics, ZmqProperties properties,
			ObjectProvider<ZmqShutdownDeadline> shutdownDeadline, ObjectProvider<ConnectionRejections> rejections,
			ObjectProvider<ZmqThreadFactory> threadFactory) {
		ZapAuthenticator authenticator = new ZapAuthenticator(zmqContext, secured.servers(), statistics,
				shutdownDeadline.getIfAvailable(() -> new ZmqShutdownDeadline(properties.getShutdownTimeout())),
				rejections.getIfAvailable());
		threadFactory.ifAvailable(authenticator::setThreadFactory);
		// Clients dropped before the ZAP step (plain-text, wrong server key) count as
		// refusals too.
		rejections.ifAvailable(connections -> connections.addListener(authenticator::connectionRejected));
		if (!secured.servers().isEmpty()) {
			// Bound now, not at lifecycle start: a sender's server socket may open before
			// lifecycles start.
			authenticator.start();
		}
		return authenticator;
	}

	@Bean
	@ConditionalOnMissingBean
	CurveSocketCustomizer zmqCurveSocketCustomizer(SecuredEndpoints secured,
			ObjectProvider<ZapAuthenticator> authenticator) {
		return new CurveSocketCustomizer(secured.all(), authenticator.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqSocketSecurityCheck zmqSocketSecurityCheck(SecuredEndpoints secured,
			ObjectProvider<ZapAuthenticator> authenticator) {
		return new SecuredSocketCheck(secured, authenticator.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	MalformedFrameGuard zmqMalformedFrameGuard() {
		return new MalformedFrameGuard();
	}

	/**
	 * Secret keys masked in Actuator's {@code env} and {@code configprops}, even when
	 * they show values.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SecretSanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ZmqSecretSanitizingFunction zmqSecretSanitizingFunction(SecuredEndpoints secured,
				ZmqSecurityProperties security) {
			List<byte[]> secretKeys = new ArrayList<>();
			for (EndpointSecurity endpoint : secured.all().values()) {
				secretKeys.add(endpoint.secretKey());
			}
			String defaultSecretKey = security.getSecretKey();
			if (defaultSecretKey != null && !defaultSecretKey.isBlank()) {
				try {
					// A default that no endpoint uses is still a secret, and may sit in
					// an environment variable.
					secretKeys.add(CurveKeys.read(defaultSecretKey, "secret-key", "zmq.security.secret-key"));
				}
				catch (ZmqSecurityException ex) {
					// Not a key: nothing to look for in other values; the setting itself
					// is masked by name.
				}
			}
			return new ZmqSecretSanitizingFunction(secretKeys);
		}

	}

}
