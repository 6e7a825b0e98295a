package dev.zmqspring.metrics;

import java.util.function.ToDoubleFunction;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.IoThreadFailures;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.proxy.ZmqProxyRegistry;
import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.security.MalformedFrameGuard;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.zeromq.ZContext;

/**
 * Micrometer meters ({@code zmq.*}) when Micrometer and a {@link MeterRegistry} are
 * there. Switch them off with {@code management.metrics.enable.zmq=false}.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ ZContext.class, MeterBinder.class })
@ConditionalOnBean({ ZmqListenerEndpointRegistry.class, MeterRegistry.class })
public final class ZmqMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZmqMetrics zmqMetrics(ZmqListenerEndpointRegistry listeners, ObjectProvider<ZmqSenderRegistry> senders,
			ObjectProvider<ZmqProxyRegistry> proxies, ObjectProvider<ReliableDeliveryRegistry> reliable,
			ObjectProvider<ConnectionRejections> rejections, ObjectProvider<IoThreadFailures> ioThreadFailures,
			ObjectProvider<DurableTopics> topics) {
		ZmqMetrics metrics = new ZmqMetrics(listeners, senders.getIfAvailable(), proxies.getIfAvailable(),
				reliable.getIfAvailable(), rejections.getIfAvailable(), ioThreadFailures.getIfAvailable());
		metrics.setDurableTopics(topics.getIfAvailable());
		return metrics;
	}

	/**
	 * {@code zmq.frames.refused}: frames the socket guard refused, by reason, over all
	 * endpoints; {@code zmq.receive.budget.pauses}: times an endpoint stopped reading for
	 * its receive-buffer budget.
	 */
	@Bean
	MeterBinder zmqRefusedFrameMetrics(ObjectProvider<MalformedFrameGuard> guard) {
		return (registry) -> guard.ifAvailable((frames) -> {
			refused(registry, frames, "negative-length", MalformedFrameGuard::getNegativeFrames);
			refused(registry, frames, "oversized-command", MalformedFrameGuard::getOversizedCommands);
			refused(registry, frames, "over-budget", MalformedFrameGuard::getOverBudgetFrames);
			refused(registry, frames, "too-many-frames", MalformedFrameGuard::getOverlongMessages);
			refused(registry, frames, "subscription-budget", MalformedFrameGuard::getRefusedSubscriptions);
			FunctionCounter.builder("zmq.receive.budget.pauses", frames, MalformedFrameGuard::getBudgetPauses)
				.description("Times an endpoint stopped reading from its peers because its receive-buffer-budget was"
						+ " full of messages its listener had not taken yet (back-pressure; nothing is lost)")
				.register(registry);
		});
	}

	private static void refused(MeterRegistry registry, MalformedFrameGuard guard, String reason,
			ToDoubleFunction<MalformedFrameGuard> count) {
		FunctionCounter.builder("zmq.frames.refused", guard, count)
			.description("Received frames the socket guard refused: a negative length (the peer dropped), a command"
					+ " larger than any ZMTP command (the peer dropped), a frame over its endpoint's"
					+ " receive-buffer-budget (its message refused), a message with more frames than"
					+ " max-message-frames (the message thrown away, the peer dropped), a subscription over its"
					+ " endpoint's subscription-budget (the peer dropped)")
			.tags("reason", reason)
			.register(registry);
	}

}
