package dev.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Everything the starter needs to open one socket: a named entry of
 * {@code zmq.endpoints.*}, or the inline addresses of an annotation.
 *
 * @param name the endpoint name (the key under {@code zmq.endpoints}, or a generated name
 * for inline endpoints)
 * @param type the socket type
 * @param bind {@code true} to bind the addresses, {@code false} to connect to them
 * @param addresses one or more ZeroMQ addresses, such as {@code tcp://127.0.0.1:5557}
 * @param topics topic prefixes a SUB socket subscribes to (empty: every message)
 * @param topicDelimiter when set, a PUB/SUB message is one frame
 * {@code "topic<delimiter>payload"} instead of two
 * @param headersFrame whether a frame of JSON headers precedes the payload
 * @param requestTimeout how long a request (REQ/DEALER) waits for its reply
 * @param requestRetries how many times a request that got no reply is sent again (each
 * with a new request id)
 * @param settings the socket options
 * @param delivery the delivery guarantee
 * @param minSubscribers for PUB: how many subscriptions to wait for before the first
 * message (0: none)
 * @param minSubscribersTimeout for PUB: the longest such wait; the first message goes out
 * after it regardless
 * @param configuredAt where the endpoint is declared, for error messages: a property
 * prefix such as {@code zmq.endpoints.orders}, or a description such as
 * {@code @ZmqListener on Orders.onOrder()}
 * @param maxThreadSockets for connecting PUSH, PUB, REQ and DEALER: how many calling
 * threads get a socket of their own ({@code socket-per-thread}: their one-way sends, or
 * their synchronous requests); 0: every thread goes through the endpoint's own thread
 */
public record ZmqEndpoint(String name, ZmqSocketType type, boolean bind, List<String> addresses, List<String> topics,
		@Nullable String topicDelimiter, boolean headersFrame, Duration requestTimeout, int requestRetries,
		SocketSettings settings, ZmqDelivery delivery, int minSubscribers, Duration minSubscribersTimeout,
		String configuredAt, int maxThreadSockets) {

	/**
	 * The longest SUB topic, in bytes of UTF-8: a PUB or XPUB endpoint of the starter
	 * drops a subscriber whose subscription (the topic and a flag byte) is larger than 1
	 * KiB, since JeroMQ walks subscriptions recursively, one call per byte.
	 */
	public static final int MAX_TOPIC_BYTES = 1023;

	public ZmqEndpoint {
		addresses = List.copyOf(addresses);
		topics = List.copyOf(topics);
		checkTopics(topics, configuredAt);
	}

	/**
	 * Fails when a topic is longer than {@link #MAX_TOPIC_BYTES}.
	 * @param topics the topics of a SUB endpoint
	 * @param where where they are declared, for the message
	 */
	public static void checkTopics(List<String> topics, String where) {
		for (String topic : topics) {
			int length = topic.getBytes(StandardCharsets.UTF_8).length;
			if (length > MAX_TOPIC_BYTES) {
				throw new IllegalArgumentException(where + ": the topic \"" + topic.substring(0, 40) + "...\" is "
						+ length + " bytes, more than the " + MAX_TOPIC_BYTES + " a subscription may have (a PUB"
						+ " endpoint of zmq-spring-boot drops a subscriber that sends a larger one); subscribe to a"
						+ " shorter prefix of it");
			}
		}
	}

	/**
	 * An endpoint whose sending threads all send through the endpoint's own thread (no
	 * socket per thread).
	 */
	public ZmqEndpoint(String name, ZmqSocketType type, boolean bind, List<String> addresses, List<String> topics,
			@Nullable String topicDelimiter, boolean headersFrame, Duration requestTimeout, int requestRetries,
			SocketSettings settings, ZmqDelivery delivery, int minSubscribers, Duration minSubscribersTimeout,
			String configuredAt) {
		this(name, type, bind, addresses, topics, topicDelimiter, headersFrame, requestTimeout, requestRetries,
				settings, delivery, minSubscribers, minSubscribersTimeout, configuredAt, 0);
	}

	/** A copy with other SUB topics. */
	public ZmqEndpoint withTopics(List<String> newTopics) {
		return new ZmqEndpoint(this.name, this.type, this.bind, this.addresses, newTopics, this.topicDelimiter,
				this.headersFrame, this.requestTimeout, this.requestRetries, this.settings, this.delivery,
				this.minSubscribers, this.minSubscribersTimeout, this.configuredAt, this.maxThreadSockets);
	}

	/**
	 * A copy with other addresses (those a running socket actually bound, to open it
	 * again on the same ports).
	 */
	public ZmqEndpoint withAddresses(List<String> newAddresses) {
		return new ZmqEndpoint(this.name, this.type, this.bind, newAddresses, this.topics, this.topicDelimiter,
				this.headersFrame, this.requestTimeout, this.requestRetries, this.settings, this.delivery,
				this.minSubscribers, this.minSubscribersTimeout, this.configuredAt, this.maxThreadSockets);
	}

	/**
	 * Whether calling threads get sockets of their own ({@code socket-per-thread}): for
	 * one-way sends on PUSH and PUB, for synchronous requests on REQ and DEALER.
	 */
	public boolean socketPerThread() {
		return this.maxThreadSockets > 0;
	}

	/**
	 * Where a user changes one setting of this endpoint, such as
	 * {@code zmq.endpoints.orders.bind} or
	 * {@code the bind attribute of @ZmqListener on Orders.onOrder()}.
	 */
	public String settingName(String setting) {
		return this.configuredAt.startsWith("zmq.") ? this.configuredAt + "." + setting
				: "the " + setting + " attribute of " + this.configuredAt;
	}

	/** Whether messages on this endpoint are stored, acknowledged and re-sent. */
	public boolean reliable() {
		return this.delivery == ZmqDelivery.AT_LEAST_ONCE;
	}

	/** Whether PUB/SUB messages carry their topic in the same frame as the payload. */
	public boolean singleFrameTopic() {
		return this.topicDelimiter != null && !this.topicDelimiter.isEmpty();
	}

	/**
	 * A short description for logs and errors, such as
	 * {@code PULL bind tcp://127.0.0.1:5557}.
	 */
	public String describe() {
		return this.type + (this.bind ? " bind " : " connect ") + String.join(",", this.addresses);
	}

}
