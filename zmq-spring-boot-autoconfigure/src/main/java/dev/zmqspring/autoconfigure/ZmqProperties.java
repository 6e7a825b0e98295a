package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of the ZeroMQ starter ({@code zmq.*}).
 */
@ConfigurationProperties("zmq")
public class ZmqProperties {

	/**
	 * Number of JeroMQ I/O threads of the shared context. One is enough for about a
	 * gigabyte per second.
	 */
	private int ioThreads = 1;

	/**
	 * Maximum time the whole ZeroMQ shutdown may take when the application closes:
	 * listeners finishing the message in hand, outbox dispatchers, senders flushing,
	 * devices, and the context's close share this one deadline, counted from the first of
	 * them to stop (after the web server has drained). What has not finished by then is
	 * left behind and logged.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Default time a request (REQ/DEALER endpoints) waits for its reply.
	 */
	private Duration requestTimeout = Duration.ofSeconds(5);

	/**
	 * Default number of times a request (REQ/DEALER) that got no reply is sent again,
	 * each time with a new request id and after a growing pause; a late reply to an
	 * earlier try is discarded. Set 0 for requests that must not be repeated.
	 */
	private int requestRetries = 2;

	/**
	 * Default socket options of every endpoint.
	 */
	@NestedConfigurationProperty
	private final ZmqSocketProperties socket = new ZmqSocketProperties();

	/**
	 * Defaults of @ZmqListener methods.
	 */
	private final Listener listener = new Listener();

	/**
	 * Micrometer Observation of sends, requests and listener invocations.
	 */
	private final Observation observation = new Observation();

	/**
	 * At-least-once delivery: outbox, acknowledgements, deduplication and dead letters.
	 */
	@NestedConfigurationProperty
	private final ZmqReliableProperties reliable = new ZmqReliableProperties();

	/**
	 * Named endpoints that @ZmqListener, @ZmqPublisher and ZmqTemplate refer to by name.
	 */
	private final Map<String, ZmqEndpointProperties> endpoints = new LinkedHashMap<>();

	/**
	 * Devices that forward between two sockets (forwarder, streamer, queue), started with
	 * the application.
	 */
	private final Map<String, ZmqProxyProperties> proxies = new LinkedHashMap<>();

	/**
	 * Classes by the logical names senders give them in the payload_type header: how a
	 * class-level @ZmqListener chooses among @ZmqHandler methods that differ by payload
	 * type (a class name from the wire is never used).
	 */
	private final Map<String, Class<?>> typeMappings = new LinkedHashMap<>();

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
		this.shutdownTimeout = PropertyChecks.requireNotNegative(shutdownTimeout, "zmq.shutdown-timeout");
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = PropertyChecks.requirePositive(requestTimeout, "zmq.request-timeout");
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

	public ZmqSocketProperties getSocket() {
		return this.socket;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Observation getObservation() {
		return this.observation;
	}

	public ZmqReliableProperties getReliable() {
		return this.reliable;
	}

	public Map<String, ZmqEndpointProperties> getEndpoints() {
		return this.endpoints;
	}

	public Map<String, ZmqProxyProperties> getProxies() {
		return this.proxies;
	}

	public Map<String, Class<?>> getTypeMappings() {
		return this.typeMappings;
	}

	/**
	 * Micrometer Observation of sends, requests and listener invocations, when the
	 * application has an ObservationRegistry (Spring Boot Actuator).
	 */
	public static class Observation {

		/**
		 * Whether sends, requests and listener invocations are observed: timers
		 * (zmq.send, zmq.request, zmq.listener) and, with Micrometer Tracing, spans whose
		 * trace context travels in the headers frame. An endpoint's observation-enabled
		 * overrides it.
		 */
		private boolean enabled = true;

		/**
		 * Whether the topic of PUB/SUB messages is a tag of the meters too, not only of
		 * the spans. Only for a small fixed set of topics: each topic makes its own
		 * timer.
		 */
		private boolean topicTag;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isTopicTag() {
			return this.topicTag;
		}

		public void setTopicTag(boolean topicTag) {
			this.topicTag = topicTag;
		}

	}

	/**
	 * Defaults of @ZmqListener methods.
	 */
	public static class Listener {

		/**
		 * Number of threads that process each listener's messages, unless the annotation
		 * says otherwise.
		 */
		private int concurrency = 1;

		/**
		 * Whether listeners start with the application, unless the annotation says
		 * otherwise.
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

}
