package dev.zmqspring.autoconfigure;

import dev.zmqspring.core.ZmqOutbox;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Explains a missing bean of at-least-once delivery (the outbox, dead letters, the
 * registry of dispatchers): they exist only when an endpoint of {@code zmq.endpoints} is
 * at-least-once, which Spring Boot's own analysis of a missing bean does not say.
 */
class ReliableDeliveryFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException>
		implements Ordered {

	private static final String RELIABLE_PACKAGE = "dev.zmqspring.reliable";

	private final Environment environment;

	ReliableDeliveryFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
		Class<?> type = cause.getBeanType();
		if (type == null || !(type == ZmqOutbox.class || RELIABLE_PACKAGE.equals(type.getPackageName()))
				|| !OnAtLeastOnceEndpointCondition.atLeastOnceEndpoints(this.environment).isEmpty()) {
			return null;
		}
		return new FailureAnalysis(
				"A bean of type '" + type.getName() + "' is required, but at-least-once delivery"
						+ " is configured only when an endpoint of zmq.endpoints is at-least-once, and none is.",
				"Set zmq.endpoints.<name>.delivery to at-least-once on the endpoint that needs it (type dealer or req"
						+ " to send, router or rep to receive), or remove the dependency on " + type.getSimpleName()
						+ ".",
				cause);
	}

	@Override
	public int getOrder() {
		// Before Spring Boot's analysis of a missing bean, which would only suggest
		// declaring one.
		return 0;
	}

}
