package dev.zmqspring.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.zmqspring.core.ZmqDelivery;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one endpoint of {@code zmq.endpoints} has
 * {@code delivery: at-least-once}: only then does the application get the outbox, its
 * dispatchers and tables.
 */
class OnAtLeastOnceEndpointCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("At-least-once endpoint");
		List<String> reliable = atLeastOnceEndpoints(context.getEnvironment());
		if (reliable.isEmpty()) {
			return ConditionOutcome.noMatch(message.because("no zmq.endpoints.<name>.delivery is at-least-once"));
		}
		return ConditionOutcome
			.match(message.found("at-least-once endpoint", "at-least-once endpoints").items(reliable));
	}

	/** The names of the endpoints of {@code zmq.endpoints} that are at-least-once. */
	static List<String> atLeastOnceEndpoints(Environment environment) {
		Map<String, EndpointDelivery> endpoints = Binder.get(environment)
			.bind("zmq.endpoints", Bindable.mapOf(String.class, EndpointDelivery.class))
			.orElse(Map.of());
		return endpoints.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().getDelivery() == ZmqDelivery.AT_LEAST_ONCE)
			.map(Map.Entry::getKey)
			.toList();
	}

	/** The one key of an endpoint that this condition reads. */
	static class EndpointDelivery {

		private ZmqDelivery delivery = ZmqDelivery.AT_MOST_ONCE;

		public ZmqDelivery getDelivery() {
			return this.delivery;
		}

		public void setDelivery(ZmqDelivery delivery) {
			this.delivery = delivery;
		}

	}

}
