package dev.zmqspring.reliable;

import java.time.Duration;
import java.util.List;

/**
 * The settings of one durable topic (a PUB endpoint with
 * {@code delivery: at-least-once}).
 *
 * @param endpoint the publishing endpoint's name
 * @param groups the groups messages are kept for from the start, before any of their
 * members fetched
 * @param retentionMaxAge how long a message is kept at most
 * @param retentionMaxCount how many messages of one topic are kept at most; 0 for no
 * limit
 */
public record DurableTopicSettings(String endpoint, List<String> groups, Duration retentionMaxAge,
		long retentionMaxCount) {

	public DurableTopicSettings {
		groups = List.copyOf(groups);
	}

}
