package dev.zmqspring.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.reliable.DurableTopics;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the durable topics published here: per subscription group, its lag in
 * messages and in age. A group beyond {@code management.health.zmq.topics.max-lag} or
 * {@code max-lag-age} is a warning in the details, and DOWN only with
 * {@code down-when-lagging}; a topic store that cannot be read, or a fetch server that
 * stopped, is DOWN.
 */
class DurableTopicsHealthIndicator extends AbstractHealthIndicator {

	private final DurableTopics topics;

	private final ZmqHealthProperties.Topics bounds;

	DurableTopicsHealthIndicator(DurableTopics topics, ZmqHealthProperties.Topics bounds) {
		super("Durable topics health check failed");
		this.topics = topics;
		this.bounds = bounds;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<String> lagging = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		Map<String, Object> details = new LinkedHashMap<>();
		for (String endpoint : this.topics.endpoints()) {
			String problem = this.topics.problem(endpoint);
			if (problem != null) {
				problems.add(problem);
			}
			Map<String, Object> groups = new LinkedHashMap<>();
			for (DurableTopics.GroupStatus status : this.topics.status(endpoint)) {
				String group = status.group().name();
				Map<String, Object> figures = new LinkedHashMap<>();
				figures.put("lag", status.backlog().pending());
				figures.put("lagAge", status.lagAge().toString());
				figures.put("lost", status.statistics().getLost());
				long maxLag = this.bounds.getMaxLag();
				if ((maxLag > 0 && status.backlog().pending() > maxLag)
						|| status.lagAge().compareTo(this.bounds.getMaxLagAge()) > 0) {
					String warning = "Group '" + group + "' of durable topic '" + endpoint + "' is "
							+ status.backlog().pending() + " messages (" + status.lagAge() + ") behind, beyond "
							+ "management.health.zmq.topics.max-lag (" + maxLag + ") or max-lag-age ("
							+ this.bounds.getMaxLagAge() + "); its members are down or too slow";
					figures.put("warning", warning);
					lagging.add(warning);
				}
				groups.put(group, figures);
			}
			details.put(endpoint, groups);
		}
		if (!problems.isEmpty()) {
			builder.down().withDetail("problems", problems);
			if (!lagging.isEmpty()) {
				builder.withDetail("warnings", lagging);
			}
		}
		else if (!lagging.isEmpty() && this.bounds.isDownWhenLagging()) {
			builder.down().withDetail("problems", lagging);
		}
		else {
			builder.up();
			if (!lagging.isEmpty()) {
				builder.withDetail("warnings", lagging);
			}
		}
		builder.withDetails(details);
	}

}
