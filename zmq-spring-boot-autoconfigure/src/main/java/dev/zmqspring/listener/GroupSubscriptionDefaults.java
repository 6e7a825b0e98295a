package dev.zmqspring.listener;

import java.util.Map;

/**
 * The subscription groups configured on durable topics' subscriber endpoints
 * ({@code zmq.endpoints.<name>.group} and {@code start-from}), for listeners that do not
 * name their group. Not API.
 *
 * @param byEndpoint per endpoint name, its group ({@code ""} when not set) and where a
 * new group starts
 */
public record GroupSubscriptionDefaults(Map<String, GroupSubscription> byEndpoint) {

	/** No durable topic's subscriber configured. */
	public static final GroupSubscriptionDefaults NONE = new GroupSubscriptionDefaults(Map.of());

	public GroupSubscriptionDefaults {
		byEndpoint = Map.copyOf(byEndpoint);
	}

	/** The configured group of an endpoint: {@code ""} and latest when there is none. */
	public GroupSubscription of(String endpoint) {
		return this.byEndpoint.getOrDefault(endpoint, new GroupSubscription("", false));
	}

}
