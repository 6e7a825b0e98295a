package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.core.SocketSettings;
import dev.zmqspring.core.ZmqAddresses;
import dev.zmqspring.core.ZmqDelivery;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.support.GroupFetchFrames;

/**
 * Turns {@code zmq.endpoints.*} into checked {@link ZmqEndpoint}s. Every mistake fails
 * startup with the key and the fix.
 */
final class EndpointCatalogFactory {

	private EndpointCatalogFactory() {
	}

	static ZmqEndpointCatalog create(ZmqProperties properties) {
		SocketSettings defaults = SocketSettingsMapper.apply(SocketSettings.DEFAULTS, properties.getSocket(),
				"zmq.socket");
		Map<String, ZmqEndpoint> endpoints = new LinkedHashMap<>();
		properties.getEndpoints()
			.forEach((name, endpoint) -> endpoints.put(name, endpoint(name, endpoint, defaults, properties)));
		return new ZmqEndpointCatalog(endpoints, defaults, properties.getRequestTimeout(),
				properties.getRequestRetries());
	}

	private static ZmqEndpoint endpoint(String name, ZmqEndpointProperties properties, SocketSettings defaults,
			ZmqProperties global) {
		Duration defaultRequestTimeout = global.getRequestTimeout();
		String key = "zmq.endpoints." + name;
		ZmqSocketType type = properties.getType();
		if (type == null) {
			throw new IllegalArgumentException(key + ".type is not set; use one of " + ZmqSocketType.listenerTypes()
					+ " to receive, or " + ZmqSocketType.publisherTypes() + " to send");
		}
		if (type == ZmqSocketType.XPUB || type == ZmqSocketType.XSUB) {
			throw new IllegalArgumentException(
					key + ".type " + type + " is for devices; declare a forwarder under zmq.proxies instead");
		}
		List<String> bind = properties.getBind();
		List<String> connect = properties.getConnect();
		if (!bind.isEmpty() && !connect.isEmpty()) {
			throw new IllegalArgumentException(key + ": both bind and connect are set; the stable end of a link binds"
					+ " and the other connects, so keep one of " + key + ".bind and " + key + ".connect");
		}
		if (bind.isEmpty() && connect.isEmpty()) {
			throw new IllegalArgumentException(
					key + ": set " + key + ".bind or " + key + ".connect, for example tcp://127.0.0.1:5557");
		}
		boolean isBind = !bind.isEmpty();
		List<String> addresses = isBind ? bind : connect;
		for (String address : addresses) {
			ZmqAddresses.validate(address, isBind, key + (isBind ? ".bind" : ".connect"));
		}
		if (!properties.getTopics().isEmpty() && type != ZmqSocketType.SUB) {
			throw new IllegalArgumentException(key + ".topics is only for SUB endpoints, but the type is " + type
					+ "; publishers give the topic per message");
		}
		String delimiter = properties.getTopicDelimiter();
		if (delimiter != null && delimiter.isEmpty()) {
			throw new IllegalArgumentException(key + ".topic-delimiter is empty; a .properties file drops trailing"
					+ " spaces, so write a space as \\u0020 there, or in YAML: topic-delimiter: \" \"; remove the key"
					+ " for two-frame [topic][payload] messages");
		}
		if (delimiter != null) {
			if (type != ZmqSocketType.PUB && type != ZmqSocketType.SUB) {
				throw new IllegalArgumentException(key + ".topic-delimiter is only for PUB and SUB endpoints");
			}
			if (properties.isHeadersFrame()) {
				throw new IllegalArgumentException(key + ": topic-delimiter (one frame) and headers-frame (a second"
						+ " frame) cannot be combined; keep one");
			}
		}
		SocketSettings settings = SocketSettingsMapper.apply(defaults, properties.getSocket(), key + ".socket");
		if (type == ZmqSocketType.SUB && properties.getDelivery() == ZmqDelivery.AT_LEAST_ONCE
				&& properties.getSocket().getMaxMessageFrames() == null
				&& global.getSocket().getMaxMessageFrames() == null) {
			// A durable topic's batch is three frames a message: room for a whole batch,
			// unless the application chose a limit (then batches are smaller).
			settings = settings.toBuilder()
				.maxMessageFrames(GroupFetchFrames.framesOfBatch(GroupFetchFrames.MAX_BATCH))
				.build();
		}
		Duration requestTimeout = (properties.getRequestTimeout() != null) ? properties.getRequestTimeout()
				: defaultRequestTimeout;
		if (requestTimeout.isNegative() || requestTimeout.isZero()) {
			throw new IllegalArgumentException(key + ".request-timeout must not be negative or zero, was "
					+ requestTimeout + "; use for example 5s");
		}
		ZmqDelivery delivery = properties.getDelivery();
		boolean headersFrame = properties.isHeadersFrame();
		if (delivery == ZmqDelivery.AT_LEAST_ONCE) {
			if (type != ZmqSocketType.DEALER && type != ZmqSocketType.REQ && type != ZmqSocketType.ROUTER
					&& type != ZmqSocketType.REP && type != ZmqSocketType.PUB && type != ZmqSocketType.SUB) {
				throw new IllegalArgumentException(key + ".delivery at-least-once needs acknowledgements: use type"
						+ " dealer (or req) to send and router (or rep) to receive, or pub and sub for a durable"
						+ " topic, not " + type);
			}
			if (delimiter != null) {
				throw new IllegalArgumentException(key + ": topic-delimiter cannot be combined with delivery"
						+ " at-least-once, whose messages carry their id in a headers frame; remove topic-delimiter");
			}
			// Message ids travel in the headers frame.
			headersFrame = true;
		}
		checkDurableTopic(key, properties, type, delivery);
		int retries = (properties.getRequestRetries() != null) ? properties.getRequestRetries()
				: global.getRequestRetries();
		if (retries < 0) {
			throw new IllegalArgumentException(key + ".request-retries must not be negative, was " + retries);
		}
		if (properties.getMinSubscribers() < 0) {
			throw new IllegalArgumentException(
					key + ".min-subscribers must not be negative, was " + properties.getMinSubscribers());
		}
		if (properties.getMinSubscribers() > 0 && type != ZmqSocketType.PUB) {
			throw new IllegalArgumentException(
					key + ".min-subscribers is only for PUB endpoints, but the type is " + type);
		}
		int maxThreadSockets = maxThreadSockets(key, properties, type, isBind, delivery);
		return new ZmqEndpoint(name, type, isBind, addresses, properties.getTopics(), delimiter, headersFrame,
				requestTimeout, retries, settings, delivery, properties.getMinSubscribers(),
				properties.getMinSubscribersTimeout(), key, maxThreadSockets);
	}

	/**
	 * Checks the settings of durable topics: a group only on a subscriber, declared
	 * groups and retention only on a publisher.
	 */
	private static void checkDurableTopic(String key, ZmqEndpointProperties properties, ZmqSocketType type,
			ZmqDelivery delivery) {
		boolean publisher = type == ZmqSocketType.PUB && delivery == ZmqDelivery.AT_LEAST_ONCE;
		boolean subscriber = type == ZmqSocketType.SUB && delivery == ZmqDelivery.AT_LEAST_ONCE;
		String group = properties.getGroup();
		if (group != null && !subscriber) {
			throw new IllegalArgumentException(key + ".group is for a durable topic's subscriber (type sub, delivery"
					+ " at-least-once); remove it, or declare the groups a publisher keeps messages for in " + key
					+ ".groups");
		}
		if (group != null && (group.isBlank() || group.length() > 200)) {
			throw new IllegalArgumentException(key + ".group must have 1 to 200 characters");
		}
		if (!properties.getGroups().isEmpty() && !publisher) {
			throw new IllegalArgumentException(key + ".groups is for a durable topic (type pub, delivery"
					+ " at-least-once); a subscriber names its own group in " + key + ".group");
		}
		for (String declared : properties.getGroups()) {
			if (declared == null || declared.isBlank() || declared.length() > 200) {
				throw new IllegalArgumentException(key + ".groups: a group name has 1 to 200 characters");
			}
		}
		ZmqEndpointProperties.Retention retention = properties.getRetention();
		if (retention.getMaxAge() == null || retention.getMaxAge().isNegative() || retention.getMaxAge().isZero()) {
			throw new IllegalArgumentException(key + ".retention.max-age must be positive, for example 7d");
		}
		if (retention.getMaxCount() < 0) {
			throw new IllegalArgumentException(
					key + ".retention.max-count must not be negative (0: no limit), was " + retention.getMaxCount());
		}
		if (publisher && (properties.getMinSubscribers() > 0 || Boolean.TRUE.equals(properties.getSocketPerThread()))) {
			throw new IllegalArgumentException(key + ": min-subscribers and socket-per-thread are for at-most-once PUB"
					+ " endpoints; a durable topic keeps every message for its groups until they fetch it, so remove"
					+ " them");
		}
	}

	/**
	 * The cap on sockets of calling threads, or 0 when socket-per-thread is off; checks
	 * where it may be used. Unset, it is on for connecting REQ and DEALER endpoints that
	 * are not at-least-once (their synchronous requests), off for the others.
	 */
	private static int maxThreadSockets(String key, ZmqEndpointProperties properties, ZmqSocketType type,
			boolean isBind, ZmqDelivery delivery) {
		String property = key + ".socket-per-thread";
		boolean requests = type == ZmqSocketType.REQ || type == ZmqSocketType.DEALER;
		Boolean configured = properties.getSocketPerThread();
		if (configured == null) {
			if (!requests || isBind || delivery == ZmqDelivery.AT_LEAST_ONCE) {
				return 0;
			}
			return checkedMax(key, properties, property);
		}
		if (!configured) {
			return 0;
		}
		if (type != ZmqSocketType.PUSH && type != ZmqSocketType.PUB && !requests) {
			throw new IllegalArgumentException(
					property + " is only for connecting PUSH, PUB, REQ and DEALER" + " endpoints, but the type is "
							+ type + (type == ZmqSocketType.PAIR ? " (a PAIR socket has exactly one peer)" : "")
							+ "; remove " + property);
		}
		if (isBind) {
			throw new IllegalArgumentException(property + " is only for endpoints that connect, but " + key
					+ " binds: an address can be bound by one socket only; remove " + property
					+ " or let this side connect (" + key + ".connect) and the peer bind");
		}
		if (requests && delivery == ZmqDelivery.AT_LEAST_ONCE) {
			throw new IllegalArgumentException(property + " cannot be combined with " + key + ".delivery"
					+ " at-least-once: its messages are sent by the outbox's own thread, never by the calling thread;"
					+ " remove " + property);
		}
		if (properties.getMinSubscribers() > 0) {
			throw new IllegalArgumentException(property + " cannot be combined with " + key + ".min-subscribers:"
					+ " each thread's socket has subscribers of its own, so the endpoint cannot wait for them; remove"
					+ " one of the two");
		}
		return checkedMax(key, properties, property);
	}

	private static int checkedMax(String key, ZmqEndpointProperties properties, String property) {
		if (properties.getSocketPerThreadMax() < 1) {
			throw new IllegalArgumentException(key + ".socket-per-thread-max must be at least 1, was "
					+ properties.getSocketPerThreadMax() + "; or turn " + property + " off");
		}
		return properties.getSocketPerThreadMax();
	}

}
