package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.core.ZmqDelivery;
import dev.zmqspring.core.ZmqSocketType;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * One named endpoint: a socket type and where it binds or connects.
 */
public class ZmqEndpointProperties {

	/**
	 * Socket type: pub, sub, push, pull, req, rep, pair, dealer or router. Required.
	 */
	private @Nullable ZmqSocketType type;

	/**
	 * Addresses to bind, such as tcp://127.0.0.1:5557. Set bind or connect, not both.
	 */
	private List<String> bind = new ArrayList<>();

	/**
	 * Addresses to connect to, such as tcp://127.0.0.1:5557. Set bind or connect, not
	 * both.
	 */
	private List<String> connect = new ArrayList<>();

	/**
	 * Topic prefixes a SUB endpoint subscribes to. Empty: every message.
	 */
	private List<String> topics = new ArrayList<>();

	/**
	 * Delimiter between topic and payload in single-frame PUB/SUB messages
	 * ("topic<delimiter>payload"), for peers that publish frames such as "weather 21C".
	 * Unset: the frames [topic][payload].
	 */
	private @Nullable String topicDelimiter;

	/**
	 * Whether a JSON object frame of string headers precedes the payload. Both ends must
	 * agree.
	 */
	private boolean headersFrame;

	/**
	 * Whether sends, requests and listener invocations on this endpoint are observed
	 * (timers and trace spans, the trace context carried in the headers frame). Default
	 * zmq.observation.enabled.
	 */
	private @Nullable Boolean observationEnabled;

	/**
	 * Maximum time a request waits for its reply (REQ/DEALER). Default
	 * zmq.request-timeout.
	 */
	private @Nullable Duration requestTimeout;

	/**
	 * Minimum number of subscriptions a PUB endpoint waits for before it publishes its
	 * first message, so that the first messages are not lost to the slow joiner. Each
	 * subscribing socket sends one subscription per topic prefix. 0: publish at once.
	 */
	private int minSubscribers;

	/**
	 * Maximum time a PUB endpoint waits for min-subscribers; the first message is
	 * published after it regardless. Default 5s.
	 */
	private Duration minSubscribersTimeout = Duration.ofSeconds(5);

	/**
	 * Minimum number of connected peers (TCP or IPC) for the endpoint to be healthy: with
	 * fewer, the zmq health indicator reports DOWN while the endpoint's listener or
	 * sender is running. 0: any number, even none.
	 */
	private int minPeers;

	/**
	 * Whether each thread that sends on this endpoint gets a socket of its own, opened on
	 * that thread, instead of handing its messages to the endpoint's thread (connecting
	 * PUSH, PUB, REQ and DEALER only). On REQ and DEALER it serves the synchronous
	 * requests (the calling thread sends and waits for the reply itself; asynchronous
	 * requests always go through the endpoint's thread). Default: on for connecting REQ
	 * and DEALER endpoints (not at-least-once), off for PUSH and PUB. Costs a socket
	 * (about 5 file descriptors) and a connection per thread; threads beyond
	 * socket-per-thread-max, and virtual threads, use the endpoint's thread.
	 */
	private @Nullable Boolean socketPerThread;

	/**
	 * Maximum number of threads that get a socket of their own when socket-per-thread is
	 * on; the socket of a thread that ended is closed and its place given to the next
	 * thread. Default 8.
	 */
	private int socketPerThreadMax = 8;

	public @Nullable Boolean getSocketPerThread() {
		return this.socketPerThread;
	}

	public void setSocketPerThread(@Nullable Boolean socketPerThread) {
		this.socketPerThread = socketPerThread;
	}

	public int getSocketPerThreadMax() {
		return this.socketPerThreadMax;
	}

	public void setSocketPerThreadMax(int socketPerThreadMax) {
		this.socketPerThreadMax = socketPerThreadMax;
	}

	public int getMinPeers() {
		return this.minPeers;
	}

	public void setMinPeers(int minPeers) {
		if (minPeers < 0) {
			throw new IllegalArgumentException("zmq.endpoints.<name>.min-peers must not be negative, was " + minPeers);
		}
		this.minPeers = minPeers;
	}

	public int getMinSubscribers() {
		return this.minSubscribers;
	}

	public void setMinSubscribers(int minSubscribers) {
		this.minSubscribers = minSubscribers;
	}

	public Duration getMinSubscribersTimeout() {
		return this.minSubscribersTimeout;
	}

	public void setMinSubscribersTimeout(Duration minSubscribersTimeout) {
		this.minSubscribersTimeout = PropertyChecks.requireNotNegative(minSubscribersTimeout,
				"zmq.endpoints.<name>.min-subscribers-timeout");
	}

	/**
	 * Number of times a request that got no reply is sent again (REQ/DEALER). Default
	 * zmq.request-retries.
	 */
	private @Nullable Integer requestRetries;

	/**
	 * Delivery guarantee: at-most-once (plain ZeroMQ) or at-least-once (stored in an
	 * outbox, acknowledged by the receiver, re-sent until then; dealer or req to send,
	 * router or rep to receive; pub and sub for a durable topic). Default at-most-once.
	 */
	private ZmqDelivery delivery = ZmqDelivery.AT_MOST_ONCE;

	/**
	 * Socket options of this endpoint; unset options use zmq.socket.*.
	 */
	@NestedConfigurationProperty
	private final ZmqSocketProperties socket = new ZmqSocketProperties();

	/**
	 * Durable topic's subscriber (sub, at-least-once): the subscription group its
	 * listeners are members of, unless a listener names its own.
	 */
	private @Nullable String group;

	/**
	 * Durable topic's subscriber: where a group that is new to the publisher starts, at
	 * the next message published (latest) or at the earliest one retained, like Kafka's
	 * auto.offset.reset. Default LATEST.
	 */
	private StartFrom startFrom = StartFrom.LATEST;

	/**
	 * Durable topic (pub, at-least-once): subscription groups that messages are kept for
	 * from the start, before any of their members ever connected.
	 */
	private List<String> groups = new ArrayList<>();

	/**
	 * Durable topic: how long and how many messages the publisher keeps.
	 */
	private final Retention retention = new Retention();

	public @Nullable String getGroup() {
		return this.group;
	}

	public void setGroup(@Nullable String group) {
		this.group = group;
	}

	public StartFrom getStartFrom() {
		return this.startFrom;
	}

	public void setStartFrom(StartFrom startFrom) {
		this.startFrom = startFrom;
	}

	public List<String> getGroups() {
		return this.groups;
	}

	public void setGroups(List<String> groups) {
		this.groups = groups;
	}

	public Retention getRetention() {
		return this.retention;
	}

	/** Where a new subscription group starts. */
	public enum StartFrom {

		/** At the next message published. */
		LATEST,
		/** At the earliest message the publisher retains. */
		EARLIEST

	}

	/** How long and how many messages a durable topic keeps. */
	public static class Retention {

		/**
		 * How long a message is kept, acknowledged by every group or not; a group that
		 * has not acknowledged it by then loses it (counted and logged). Default PT168H.
		 */
		private Duration maxAge = Duration.ofDays(7);

		/**
		 * How many messages of one topic are kept at most, the newest; 0 for no limit.
		 */
		private long maxCount;

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public long getMaxCount() {
			return this.maxCount;
		}

		public void setMaxCount(long maxCount) {
			this.maxCount = maxCount;
		}

	}

	public @Nullable Integer getRequestRetries() {
		return this.requestRetries;
	}

	public void setRequestRetries(@Nullable Integer requestRetries) {
		this.requestRetries = requestRetries;
	}

	public ZmqDelivery getDelivery() {
		return this.delivery;
	}

	public void setDelivery(ZmqDelivery delivery) {
		this.delivery = delivery;
	}

	public @Nullable ZmqSocketType getType() {
		return this.type;
	}

	public void setType(@Nullable ZmqSocketType type) {
		this.type = type;
	}

	public List<String> getBind() {
		return this.bind;
	}

	public void setBind(List<String> bind) {
		this.bind = bind;
	}

	public List<String> getConnect() {
		return this.connect;
	}

	public void setConnect(List<String> connect) {
		this.connect = connect;
	}

	public List<String> getTopics() {
		return this.topics;
	}

	public void setTopics(List<String> topics) {
		this.topics = topics;
	}

	public @Nullable String getTopicDelimiter() {
		return this.topicDelimiter;
	}

	public void setTopicDelimiter(@Nullable String topicDelimiter) {
		this.topicDelimiter = topicDelimiter;
	}

	public boolean isHeadersFrame() {
		return this.headersFrame;
	}

	public void setHeadersFrame(boolean headersFrame) {
		this.headersFrame = headersFrame;
	}

	public @Nullable Boolean getObservationEnabled() {
		return this.observationEnabled;
	}

	public void setObservationEnabled(@Nullable Boolean observationEnabled) {
		this.observationEnabled = observationEnabled;
	}

	public @Nullable Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(@Nullable Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public ZmqSocketProperties getSocket() {
		return this.socket;
	}

}
