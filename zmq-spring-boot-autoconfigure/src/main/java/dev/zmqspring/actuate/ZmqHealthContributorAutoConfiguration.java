package dev.zmqspring.actuate;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqThreadFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.zmqspring.core.IoThreadFailures;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.proxy.ZmqProxyRegistry;
import dev.zmqspring.reliable.DurableTopics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.zeromq.ZContext;

/**
 * The {@code zmq} health contributor, when Spring Boot's health support is on the
 * classpath: {@code zmq/io} (the active probe of the I/O threads), {@code zmq/listeners},
 * {@code zmq/senders} and, with devices, {@code zmq/proxies}. Switch it off with
 * {@code management.health.zmq.enabled=false}, or only the I/O probe with
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
	ZmqIoProbe zmqIoProbe(ZContext zmqContext, ZmqHealthProperties properties,
			ObjectProvider<ZmqShutdownDeadline> shutdownDeadline, ObjectProvider<ZmqThreadFactory> threadFactory) {
		ZmqIoProbe probe = new ZmqIoProbe(zmqContext, properties.getProbe().getTimeout());
		threadFactory.ifAvailable(probe::setThreadFactory);
		probe.setShutdownDeadline(shutdownDeadline.getIfAvailable());
		return probe;
	}

	@Bean
	@ConditionalOnMissingBean(name = { "zmqHealthIndicator", "zmqHealthContributor" })
	HealthContributor zmqHealthContributor(ZmqInspector inspector, ObjectProvider<ZmqIoProbe> probe,
			ObjectProvider<ZmqProxyRegistry> proxies, ObjectProvider<IoThreadFailures> ioThreadFailures,
			ObjectProvider<DurableTopics> topics, ZmqHealthProperties properties) {
		Map<String, HealthContributor> parts = new LinkedHashMap<>();
		probe.ifAvailable(io -> parts.put("io", new ZmqIoHealthIndicator(io, ioThreadFailures.getIfAvailable())));
		parts.put("listeners", new ZmqComponentsHealthIndicator(inspector, ZmqInspector.Report::listeners));
		parts.put("senders", new ZmqComponentsHealthIndicator(inspector, ZmqInspector.Report::senders));
		ZmqProxyRegistry devices = proxies.getIfAvailable();
		if (devices != null && !devices.getProxies().isEmpty()) {
			parts.put("proxies", new ZmqComponentsHealthIndicator(inspector, ZmqInspector.Report::proxies));
		}
		DurableTopics durable = topics.getIfAvailable();
		if (durable != null && !durable.endpoints().isEmpty()) {
			parts.put("topics", new DurableTopicsHealthIndicator(durable, properties.getTopics()));
		}
		return CompositeHealthContributor.fromMap(parts);
	}

}
