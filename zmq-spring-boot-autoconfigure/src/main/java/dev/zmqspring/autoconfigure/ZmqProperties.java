package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.core.ZmqDelivery;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.proxy.ZmqProxyType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the ZeroMQ starter ({@code zmq.*}).
 */
@ConfigurationProperties("zmq")
public class ZmqProperties {

	/**
	 * Number of JeroMQ I/O threads of the shared context. One is enough for about a gigabyte per second.
	 */
	private int ioThreads = 1;

	/**
	 * Maximum time to stop listeners (finishing the message in hand), flush senders and close the context when the
	 * application stops.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Default time a request (REQ/DEALER endpoints) waits for its reply.
	 */
	private Duration requestTimeout = Duration.ofSeconds(5);

	/**
	 * Default number of times a request (REQ/DEALER) that got no reply is sent again, each time with a new request
	 * id and after a growing pause; a late reply to an earlier try is discarded. Set 0 for requests that must not
	 * be repeated.
	 */
	private int requestRetries = 2;

	/**
	 * Default socket options of every endpoint.
	 */
	private final Socket socket = new Socket();

	/**
	 * Defaults of @ZmqListener methods.
	 */
	private final Listener listener = new Listener();

	/**
	 * At-least-once delivery: outbox, acknowledgements, deduplication and dead letters.
	 */
	private final Reliable reliable = new Reliable();

	/**
	 * Named endpoints that @ZmqListener, @ZmqPublisher and ZmqTemplate refer to by name.
	 */
	private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	/**
	 * Devices that forward between two sockets (forwarder, streamer, queue), started with the application.
	 */
	private final Map<String, Proxy> proxies = new LinkedHashMap<>();

	public int getIoThreads() {
		return this.ioThreads;
	}

	public void setIoThreads(int ioThreads) {
		if (ioThreads < 1) {
			throw new IllegalArgumentException("zmq.io-threads must be at least 1, was " + ioThreads);
		}
		this.ioThreads = ioThreads;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = requireNotNegative(shutdownTimeout, "zmq.shutdown-timeout");
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requirePositive(requestTimeout, "zmq.request-timeout");
	}

	public int getRequestRetries() {
		return this.requestRetries;
	}

	public void setRequestRetries(int requestRetries) {
		if (requestRetries < 0) {
			throw new IllegalArgumentException("zmq.request-retries must not be negative, was " + requestRetries);
		}
		this.requestRetries = requestRetries;
	}

	public Socket getSocket() {
		return this.socket;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Reliable getReliable() {
		return this.reliable;
	}

	public Map<String, Endpoint> getEndpoints() {
		return this.endpoints;
	}

	public Map<String, Proxy> getProxies() {
		return this.proxies;
	}

	private static Duration requireNotNegative(Duration value, String key) {
		if (value != null && value.isNegative()) {
			throw new IllegalArgumentException(key + " must not be negative, was " + value);
		}
		return value;
	}

	private static Duration requirePositive(Duration value, String key) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new IllegalArgumentException(key + " must not be negative or zero, was " + value + "; use for example 5s");
		}
		return value;
	}

	/**
	 * Socket options. Unset options keep the starter's defaults (globally) or the global value (per endpoint).
	 */
	public static class Socket {

		/**
		 * How long a closing socket keeps trying to deliver queued messages. Default 1s; finite so shutdown never
		 * hangs.
		 */
		private Duration linger;

		/**
		 * Maximum number of messages queued per peer for sending. Default 1000.
		 */
		private Integer sendHighWaterMark;

		/**
		 * Maximum number of messages queued per peer for receiving. Default 1000.
		 */
		private Integer receiveHighWaterMark;

		/**
		 * First wait before reconnecting to a peer that went away. Default 100ms.
		 */
		private Duration reconnectInterval;

		/**
		 * Upper bound of the exponential reconnect back-off. Default 30s.
		 */
		private Duration reconnectIntervalMax;

		/**
		 * Interval of the ZMTP heartbeats that connecting sockets send to detect a dead peer (the socket then
		 * reconnects); binding sockets answer them. 0 turns them off. Default 5s.
		 */
		private Duration heartbeatInterval;

		/**
		 * How long to wait for a heartbeat answer before the connection is considered dead. Default 15s, or three
		 * intervals when only the interval is set.
		 */
		private Duration heartbeatTimeout;

		/**
		 * How long the remote peer should wait for heartbeats before it closes the connection. Default 30s, or six
		 * intervals when only the interval is set (at most 10m55s, what ZMTP can carry).
		 */
		private Duration heartbeatTtl;

		/**
		 * Largest message accepted from a peer; a peer sending a larger one is disconnected. Also checked before
		 * sending. Default 1MB.
		 */
		private DataSize maxMessageSize;

		/**
		 * How long a send waits for room (no peer yet, peers at their high-water mark) before it fails with an
		 * exception. Default 5s.
		 */
		private Duration sendTimeout;

		/**
		 * Maximum number of messages handed to an endpoint's sending thread and not yet written to the socket.
		 * Default 10000.
		 */
		private Integer sendQueueCapacity;

		/**
		 * How long a new connection may take to complete its ZMTP handshake before it is dropped (and, when
		 * connecting, retried); 0 waits forever. Default 2s: JeroMQ 0.6.0 sometimes stalls a fresh outgoing
		 * connection until this timer fires.
		 */
		private Duration handshakeInterval;

		public Duration getHandshakeInterval() {
			return this.handshakeInterval;
		}

		public void setHandshakeInterval(Duration handshakeInterval) {
			this.handshakeInterval = handshakeInterval;
		}

		public Duration getLinger() {
			return this.linger;
		}

		public void setLinger(Duration linger) {
			this.linger = linger;
		}

		public Integer getSendHighWaterMark() {
			return this.sendHighWaterMark;
		}

		public void setSendHighWaterMark(Integer sendHighWaterMark) {
			this.sendHighWaterMark = sendHighWaterMark;
		}

		public Integer getReceiveHighWaterMark() {
			return this.receiveHighWaterMark;
		}

		public void setReceiveHighWaterMark(Integer receiveHighWaterMark) {
			this.receiveHighWaterMark = receiveHighWaterMark;
		}

		public Duration getReconnectInterval() {
			return this.reconnectInterval;
		}

		public void setReconnectInterval(Duration reconnectInterval) {
			this.reconnectInterval = reconnectInterval;
		}

		public Duration getReconnectIntervalMax() {
			return this.reconnectIntervalMax;
		}

		public void setReconnectIntervalMax(Duration reconnectIntervalMax) {
			this.reconnectIntervalMax = reconnectIntervalMax;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public Duration getHeartbeatTimeout() {
			return this.heartbeatTimeout;
		}

		public void setHeartbeatTimeout(Duration heartbeatTimeout) {
			this.heartbeatTimeout = heartbeatTimeout;
		}

		public Duration getHeartbeatTtl() {
			return this.heartbeatTtl;
		}

		public void setHeartbeatTtl(Duration heartbeatTtl) {
			this.heartbeatTtl = heartbeatTtl;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
		}

		public Integer getSendQueueCapacity() {
			return this.sendQueueCapacity;
		}

		public void setSendQueueCapacity(Integer sendQueueCapacity) {
			this.sendQueueCapacity = sendQueueCapacity;
		}

	}

	/**
	 * Defaults of @ZmqListener methods.
	 */
	public static class Listener {

		/**
		 * Number of threads that process each listener's messages, unless the annotation says otherwise.
		 */
		private int concurrency = 1;

		/**
		 * Whether listeners start with the application, unless the annotation says otherwise.
		 */
		private boolean autoStartup = true;

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

	}

	/**
	 * At-least-once delivery ({@code delivery: at-least-once} endpoints).
	 */
	public static class Reliable {

		/**
		 * How long the sender waits for an acknowledgement before it sends a message again.
		 */
		private Duration ackTimeout = Duration.ofSeconds(5);

		/**
		 * Wait before the first re-send after a message was not acknowledged.
		 */
		private Duration initialBackoff = Duration.ofMillis(200);

		/**
		 * Factor by which each further wait between re-sends grows.
		 */
		private double backoffMultiplier = 2.0;

		/**
		 * Longest wait between re-sends.
		 */
		private Duration maxBackoff = Duration.ofSeconds(30);

		/**
		 * Maximum number of unacknowledged messages an endpoint has on the wire at once.
		 */
		private int maxInFlight = 1000;

		/**
		 * How often the outbox is checked for due messages when nothing wakes it.
		 */
		private Duration pollInterval = Duration.ofSeconds(1);

		/**
		 * How many times a listener may fail on one message before it is moved to the dead-letter store.
		 */
		private int maxAttempts = 5;

		/**
		 * How long processed message ids are remembered to discard redeliveries. Keep it longer than a sender can
		 * take to re-send (its outbox retention).
		 */
		private Duration processedRetention = Duration.ofDays(7);

		/**
		 * Whether to create the outbox, processed-message and dead-letter tables when they do not exist.
		 */
		private boolean initializeSchema = true;

		/**
		 * Prefix of the tables: <prefix>outbox, <prefix>processed, <prefix>dead_letter.
		 */
		private String tablePrefix = "zmq_";

		public Duration getAckTimeout() {
			return this.ackTimeout;
		}

		public void setAckTimeout(Duration ackTimeout) {
			this.ackTimeout = requirePositive(ackTimeout, "zmq.reliable.ack-timeout");
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = requireNotNegative(initialBackoff, "zmq.reliable.initial-backoff");
		}

		public double getBackoffMultiplier() {
			return this.backoffMultiplier;
		}

		public void setBackoffMultiplier(double backoffMultiplier) {
			if (backoffMultiplier < 1.0) {
				throw new IllegalArgumentException("zmq.reliable.backoff-multiplier must be at least 1, was "
						+ backoffMultiplier);
			}
			this.backoffMultiplier = backoffMultiplier;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = requireNotNegative(maxBackoff, "zmq.reliable.max-backoff");
		}

		public int getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(int maxInFlight) {
			if (maxInFlight < 1) {
				throw new IllegalArgumentException("zmq.reliable.max-in-flight must be at least 1, was " + maxInFlight);
			}
			this.maxInFlight = maxInFlight;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = requirePositive(pollInterval, "zmq.reliable.poll-interval");
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("zmq.reliable.max-attempts must be at least 1, was " + maxAttempts);
			}
			this.maxAttempts = maxAttempts;
		}

		public Duration getProcessedRetention() {
			return this.processedRetention;
		}

		public void setProcessedRetention(Duration processedRetention) {
			this.processedRetention = requirePositive(processedRetention, "zmq.reliable.processed-retention");
		}

		public boolean isInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(boolean initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public String getTablePrefix() {
			return this.tablePrefix;
		}

		public void setTablePrefix(String tablePrefix) {
			this.tablePrefix = tablePrefix;
		}

	}

	/**
	 * One named endpoint: a socket type and where it binds or connects.
	 */
	public static class Endpoint {

		/**
		 * Socket type: PUB, SUB, PUSH, PULL, REQ, REP, PAIR, DEALER or ROUTER.
		 */
		private ZmqSocketType type;

		/**
		 * Addresses to bind, such as tcp://127.0.0.1:5557. Set bind or connect, not both.
		 */
		private List<String> bind = new ArrayList<>();

		/**
		 * Addresses to connect to, such as tcp://127.0.0.1:5557. Set bind or connect, not both.
		 */
		private List<String> connect = new ArrayList<>();

		/**
		 * Topic prefixes a SUB endpoint subscribes to. Empty: every message.
		 */
		private List<String> topics = new ArrayList<>();

		/**
		 * When set on PUB/SUB endpoints, a message is one frame "topic<delimiter>payload" instead of the frames
		 * [topic][payload], for peers that publish single frames such as "weather 21C".
		 */
		private String topicDelimiter;

		/**
		 * Whether a JSON object frame of string headers precedes the payload. Both ends must agree.
		 */
		private boolean headersFrame;

		/**
		 * Time a request waits for its reply (REQ/DEALER). Default zmq.request-timeout.
		 */
		private Duration requestTimeout;

		/**
		 * PUB only: number of subscriptions to wait for before the first message is published, so that the first
		 * messages are not lost to the slow joiner. Each subscribing socket sends one subscription per topic prefix.
		 * 0: publish at once.
		 */
		private int minSubscribers;

		/**
		 * PUB only: longest wait for min-subscribers; the first message is published after it regardless.
		 */
		private Duration minSubscribersTimeout = Duration.ofSeconds(5);

		/**
		 * Minimum number of connected peers (TCP or IPC) for the endpoint to be healthy: with fewer, the zmq health
		 * indicator reports DOWN while the endpoint's listener or sender is running. 0: any number, even none.
		 */
		private int minPeers;

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
			this.minSubscribersTimeout = requireNotNegative(minSubscribersTimeout,
					"zmq.endpoints.<name>.min-subscribers-timeout");
		}

		/**
		 * Times a request that got no reply is sent again (REQ/DEALER). Default zmq.request-retries.
		 */
		private Integer requestRetries;

		/**
		 * Delivery guarantee: at-most-once (plain ZeroMQ) or at-least-once (stored in an outbox, acknowledged by
		 * the receiver, re-sent until then; dealer or req to send, router or rep to receive).
		 */
		private ZmqDelivery delivery = ZmqDelivery.AT_MOST_ONCE;

		/**
		 * Socket options of this endpoint; unset options use zmq.socket.*.
		 */
		private final Socket socket = new Socket();

		public Integer getRequestRetries() {
			return this.requestRetries;
		}

		public void setRequestRetries(Integer requestRetries) {
			this.requestRetries = requestRetries;
		}

		public ZmqDelivery getDelivery() {
			return this.delivery;
		}

		public void setDelivery(ZmqDelivery delivery) {
			this.delivery = delivery;
		}

		public ZmqSocketType getType() {
			return this.type;
		}

		public void setType(ZmqSocketType type) {
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

		public String getTopicDelimiter() {
			return this.topicDelimiter;
		}

		public void setTopicDelimiter(String topicDelimiter) {
			this.topicDelimiter = topicDelimiter;
		}

		public boolean isHeadersFrame() {
			return this.headersFrame;
		}

		public void setHeadersFrame(boolean headersFrame) {
			this.headersFrame = headersFrame;
		}

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public Socket getSocket() {
			return this.socket;
		}

	}

	/**
	 * A device: a frontend socket and a backend socket with messages forwarded both ways.
	 */
	public static class Proxy {

		/**
		 * Kind of device: forwarder (XSUB frontend, XPUB backend), streamer (PULL/PUSH) or queue (ROUTER/DEALER).
		 */
		private ZmqProxyType type;

		/**
		 * Where the frontend binds or connects: publishers (forwarder), pushers (streamer) or clients (queue).
		 */
		private final Side frontend = new Side();

		/**
		 * Where the backend binds or connects: subscribers (forwarder), pullers (streamer) or workers (queue).
		 */
		private final Side backend = new Side();

		/**
		 * Optional address a PUB socket binds to publish a copy of every message passing through.
		 */
		private String capture;

		public ZmqProxyType getType() {
			return this.type;
		}

		public void setType(ZmqProxyType type) {
			this.type = type;
		}

		public Side getFrontend() {
			return this.frontend;
		}

		public Side getBackend() {
			return this.backend;
		}

		public String getCapture() {
			return this.capture;
		}

		public void setCapture(String capture) {
			this.capture = capture;
		}

	}

	/**
	 * One side of a device.
	 */
	public static class Side {

		/**
		 * Addresses to bind.
		 */
		private List<String> bind = new ArrayList<>();

		/**
		 * Addresses to connect to.
		 */
		private List<String> connect = new ArrayList<>();

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

	}

}
