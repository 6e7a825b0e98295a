package dev.zmqspring.metrics;

import java.util.Set;
import java.util.function.ToDoubleFunction;

import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.GroupBacklog;
import dev.zmqspring.reliable.GroupStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The meters of the subscription groups of the durable topics published here, tagged
 * {@code topic} and {@code group}: their lag, and counters read from their
 * {@link GroupStatistics} when the registry is scraped.
 */
final class DurableTopicMeters {

	private DurableTopicMeters() {
	}

	/**
	 * Registers the meters of every group that has none yet.
	 * @param done what has meters already (the groups' statistics are added)
	 */
	static void bind(MeterRegistry registry, DurableTopics durable, Set<Object> done) {
		for (String endpoint : durable.endpoints()) {
			for (String group : durable.groupNames(endpoint)) {
				GroupStatistics statistics = durable.statistics(endpoint, group);
				if (!done.add(statistics)) {
					continue;
				}
				Tags tags = Tags.of("topic", endpoint, "group", group);
				Gauge.builder("zmq.topic.lag", durable, (topics) -> lag(topics, endpoint, group, false))
					.description("Messages of a durable topic its subscription group has not acknowledged yet")
					.tags(tags)
					.register(registry);
				Gauge.builder("zmq.topic.lag.age", durable, (topics) -> lag(topics, endpoint, group, true))
					.description("How long ago the oldest message the group has not acknowledged was published")
					.baseUnit("seconds")
					.tags(tags)
					.register(registry);
				groupCounter(registry, "zmq.topic.delivered", "Messages sent to the group's members, again included",
						tags, statistics, GroupStatistics::getDelivered);
				groupCounter(registry, "zmq.topic.redelivered",
						"Messages sent to the group again because no acknowledgement came in time", tags, statistics,
						GroupStatistics::getRedelivered);
				groupCounter(registry, "zmq.topic.acknowledged", "Messages the group's members acknowledged", tags,
						statistics, GroupStatistics::getAcknowledged);
				groupCounter(registry, "zmq.topic.failed", "Messages a member failed and asked to have again", tags,
						statistics, GroupStatistics::getFailed);
				groupCounter(registry, "zmq.topic.lost",
						"Messages retention removed before the group acknowledged them", tags, statistics,
						GroupStatistics::getLost);
			}
		}
	}

	private static double lag(DurableTopics topics, String endpoint, String group, boolean age) {
		try {
			GroupBacklog backlog = topics.backlog(endpoint, group);
			if (!age) {
				return backlog.pending();
			}
			return (backlog.oldestCreatedAt() > 0)
					? Math.max(0, System.currentTimeMillis() - backlog.oldestCreatedAt()) / 1000.0 : 0;
		}
		catch (RuntimeException ex) {
			// The store (a database) is unreachable: no figure rather than a wrong one.
			return Double.NaN;
		}
	}

	private static void groupCounter(MeterRegistry registry, String name, String description, Tags tags,
			GroupStatistics statistics, ToDoubleFunction<GroupStatistics> value) {
		FunctionCounter.builder(name, statistics, value).description(description).tags(tags).register(registry);
	}

}
