package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.core.ZmqDelivery;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.listener.GroupSubscription;
import dev.zmqspring.listener.GroupSubscriptionDefaults;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DurableTopicSettings;
import dev.zmqspring.reliable.DurableTopics;

/**
 * Reads the durable topics out of {@code zmq.endpoints}: PUB endpoints with at-least-once
 * delivery publish them, SUB endpoints with at-least-once delivery subscribe in a group.
 */
final class DurableTopicConfigurations {

	/** The id prefix of the listener containers that serve durable topics' fetches. */
	static final String SERVER_ID_PREFIX = "zmq-topic-";

	private DurableTopicConfigurations() {
	}

	/** The settings of every durable topic published here. */
	static List<DurableTopicSettings> published(ZmqProperties properties) {
		List<DurableTopicSettings> topics = new ArrayList<>();
		properties.getEndpoints().forEach((name, endpoint) -> {
			if (endpoint.getType() == ZmqSocketType.PUB && endpoint.getDelivery() == ZmqDelivery.AT_LEAST_ONCE) {
				topics.add(new DurableTopicSettings(name, endpoint.getGroups(), endpoint.getRetention().getMaxAge(),
						endpoint.getRetention().getMaxCount()));
			}
		});
		return topics;
	}

	/** The groups and start positions configured on durable topics' subscribers. */
	static GroupSubscriptionDefaults subscribed(ZmqProperties properties) {
		Map<String, GroupSubscription> defaults = new LinkedHashMap<>();
		properties.getEndpoints().forEach((name, endpoint) -> {
			if (endpoint.getType() == ZmqSocketType.SUB && endpoint.getDelivery() == ZmqDelivery.AT_LEAST_ONCE) {
				String group = endpoint.getGroup();
				defaults.put(name, new GroupSubscription((group != null) ? group.trim() : "",
						endpoint.getStartFrom() == ZmqEndpointProperties.StartFrom.EARLIEST));
			}
		});
		return new GroupSubscriptionDefaults(defaults);
	}

	/**
	 * Registers, for each durable topic, the listener container of its ROUTER socket,
	 * whose listener is the topic's fetch server.
	 */
	static void registerServers(DurableTopics topics, ZmqEndpointCatalog catalog, ZmqListenerContainerFactory factory,
			ZmqListenerEndpointRegistry registry) {
		for (String name : topics.endpoints()) {
			ZmqEndpoint published = catalog.get(name, "durable topic");
			ZmqEndpoint router = new ZmqEndpoint(published.name(), ZmqSocketType.ROUTER, published.bind(),
					published.addresses(), List.of(), null, false, published.requestTimeout(),
					published.requestRetries(), published.settings(), ZmqDelivery.AT_MOST_ONCE, 0,
					published.minSubscribersTimeout(), published.configuredAt());
			ZmqListenerContainer container = factory.create(SERVER_ID_PREFIX + name, router, 1, true,
					topics.server(name), null);
			registry.register(container);
		}
	}

}
