package dev.zmqspring.autoconfigure;

import dev.zmqspring.health.ZmqHealthIndicator;
import dev.zmqspring.health.ZmqInspector;
import dev.zmqspring.health.ZmqIoProbe;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.zeromq.ZContext;

/**
 * The {@code zmq} health indicator, when Spring Boot's health support is on the classpath. Switch it off with
 * {@code management.health.zmq.enabled=false}, or only its I/O probe with
 * {@code management.health.zmq.probe.enabled=false}.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass({ ZContext.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ZmqListenerEndpointRegistry.class)
@ConditionalOnEnabledHealthIndicator("zmq")
@EnableConfigurationProperties(ZmqHealthProperties.class)
@Import(ZmqInspectorConfiguration.class)
public final class ZmqHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ZContext.class)
	@ConditionalOnBooleanProperty(name = "management.health.zmq.probe.enabled", matchIfMissing = true)
	ZmqIoProbe zmqIoProbe(ZContext zmqContext, ZmqHealthProperties properties) {
		return new ZmqIoProbe(zmqContext, properties.getProbe().getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean(name = { "zmqHealthIndicator", "zmqHealthContributor" })
	ZmqHealthIndicator zmqHealthIndicator(ZmqInspector inspector, ObjectProvider<ZmqIoProbe> probe) {
		return new ZmqHealthIndicator(inspector, probe.getIfAvailable());
	}

}
