package dev.zmqspring.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Resolved socket options of one endpoint: the starter's defaults, overridden by
 * {@code zmq.socket.*}, overridden by {@code zmq.endpoints.<name>.socket.*}. Every option
 * is applied before the socket binds or connects.
 *
 * @param linger how long a closing socket keeps trying to deliver queued messages
 * (finite, so shutdown never hangs)
 * @param sendHighWaterMark maximum number of messages queued per peer for sending
 * @param receiveHighWaterMark maximum number of messages queued per peer for receiving
 * @param reconnectInterval wait between two connect attempts of a connecting socket,
 * before back-off; JeroMQ adds a random part of up to this much either way
 * @param reconnectIntervalMax upper bound of the reconnect back-off: the wait doubles
 * after each failed attempt up to this ({@link Duration#ZERO}, or not more than
 * {@code reconnectInterval}: no back-off)
 * @param heartbeatInterval interval of the ZMTP heartbeats a connecting socket sends
 * ({@link Duration#ZERO}: off); a binding socket answers its peers' heartbeats without
 * sending its own
 * @param heartbeatTimeout how long to wait for a heartbeat answer before the peer is
 * considered dead
 * @param heartbeatTtl how long the remote peer should wait for our heartbeats before
 * closing the connection
 * @param maxMessageSize largest message accepted from a peer, in bytes; a peer sending a
 * larger one is disconnected
 * @param sendTimeout how long a send waits for room (full queue, no peer yet) before it
 * fails with an exception
 * @param sendQueueCapacity maximum number of messages handed to an endpoint's sending
 * thread and not yet sent
 * @param handshakeInterval how long a new connection may take to complete its ZMTP
 * handshake before it is dropped (and, on a connecting socket, retried)
 * @param peerWaitWarning how long a connecting socket may go without a peer before it
 * logs a warning ({@link Duration#ZERO}: never)
 * @param maxConnections how many connections a binding TCP socket keeps at once; a
 * connection beyond it is closed as soon as it is accepted (0: no limit)
 * @param receiveBufferBudget how many bytes of received frames larger than 1 KiB the
 * endpoint's socket may hold for the application at once, over all its peers (queued, and
 * being read); when it is full the socket stops reading from its peers, and where that
 * cannot help, a frame that would go over it is read and discarded, and its message
 * refused (0: no budget)
 * @param maxHandshakingConnections how many of a binding TCP socket's connections may be
 * in their handshake at once; a connection beyond it is closed as soon as it is accepted
 * (0: no limit of its own, only {@code maxConnections})
 * @param maxMessageFrames how many frames a message received from a peer may have; a peer
 * whose message grows beyond it is dropped, and the message with it (0: no limit)
 * @param subscriptionBudget how many bytes of the heap the subscriptions of a PUB or XPUB
 * endpoint's peers may take, all peers together, as JeroMQ stores them; a peer whose
 * subscription would go over it is dropped, with all its subscriptions (0: no budget)
 */
public record SocketSettings(Duration linger, int sendHighWaterMark, int receiveHighWaterMark,
		Duration reconnectInterval, Duration reconnectIntervalMax, Duration heartbeatInterval,
		Duration heartbeatTimeout, Duration heartbeatTtl, long maxMessageSize, Duration sendTimeout,
		int sendQueueCapacity, Duration handshakeInterval, Duration peerWaitWarning, int maxConnections,
		long receiveBufferBudget, int maxHandshakingConnections, int maxMessageFrames, long subscriptionBudget) {

	/** The default of {@link #maxConnections()}. */
	public static final int DEFAULT_MAX_CONNECTIONS = 1000;

	/** The default of {@link #receiveBufferBudget()}: 32 MiB. */
	public static final long DEFAULT_RECEIVE_BUFFER_BUDGET = 32L * 1024 * 1024;

	/** The default of {@link #maxMessageFrames()}. */
	public static final int DEFAULT_MAX_MESSAGE_FRAMES = 32;

	/** The default of {@link #subscriptionBudget()}: 16 MiB. */
	public static final long DEFAULT_SUBSCRIPTION_BUDGET = 16L * 1024 * 1024;

	/** The default of {@link #peerWaitWarning()}. */
	public static final Duration DEFAULT_PEER_WAIT_WARNING = Duration.ofSeconds(10);

	/**
	 * The starter's defaults, used where no property says otherwise. Reconnect: 100ms,
	 * backing off to at most 1s, so that a connecting socket reaches a peer that binds
	 * later within about a second (libzmq retries every 100ms without back-off) while a
	 * thousand sockets without a peer cost about one attempt each per second.
	 */
	public static final SocketSettings DEFAULTS = new SocketSettings(Duration.ofSeconds(1), 1000, 1000,
			Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
			Duration.ofSeconds(30), 1024 * 1024, Duration.ofSeconds(5), 10_000, Duration.ofSeconds(2),
			DEFAULT_PEER_WAIT_WARNING, DEFAULT_MAX_CONNECTIONS, DEFAULT_RECEIVE_BUFFER_BUDGET, 0,
			DEFAULT_MAX_MESSAGE_FRAMES, DEFAULT_SUBSCRIPTION_BUDGET);

	/** A builder that starts from these settings. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Changes some settings of a copy; {@code null} arguments keep the current value. */
	public static final class Builder {

		private Duration linger;

		private int sendHighWaterMark;

		private int receiveHighWaterMark;

		private Duration reconnectInterval;

		private Duration reconnectIntervalMax;

		private Duration heartbeatInterval;

		private Duration heartbeatTimeout;

		private Duration heartbeatTtl;

		private long maxMessageSize;

		private Duration sendTimeout;

		private int sendQueueCapacity;

		private Duration handshakeInterval;

		private Duration peerWaitWarning;

		private int maxConnections;

		private long receiveBufferBudget;

		private int maxHandshakingConnections;

		private int maxMessageFrames;

		private long subscriptionBudget;

		private Builder(SocketSettings from) {
			this.linger = from.linger;
			this.sendHighWaterMark = from.sendHighWaterMark;
			this.receiveHighWaterMark = from.receiveHighWaterMark;
			this.reconnectInterval = from.reconnectInterval;
			this.reconnectIntervalMax = from.reconnectIntervalMax;
			this.heartbeatInterval = from.heartbeatInterval;
			this.heartbeatTimeout = from.heartbeatTimeout;
			this.heartbeatTtl = from.heartbeatTtl;
			this.maxMessageSize = from.maxMessageSize;
			this.sendTimeout = from.sendTimeout;
			this.sendQueueCapacity = from.sendQueueCapacity;
			this.handshakeInterval = from.handshakeInterval;
			this.peerWaitWarning = from.peerWaitWarning;
			this.maxConnections = from.maxConnections;
			this.receiveBufferBudget = from.receiveBufferBudget;
			this.maxHandshakingConnections = from.maxHandshakingConnections;
			this.maxMessageFrames = from.maxMessageFrames;
			this.subscriptionBudget = from.subscriptionBudget;
		}

		public Builder subscriptionBudget(@Nullable Long value) {
			this.subscriptionBudget = (value != null) ? value : this.subscriptionBudget;
			return this;
		}

		public Builder maxMessageFrames(@Nullable Integer value) {
			this.maxMessageFrames = (value != null) ? value : this.maxMessageFrames;
			return this;
		}

		public Builder maxHandshakingConnections(@Nullable Integer value) {
			this.maxHandshakingConnections = (value != null) ? value : this.maxHandshakingConnections;
			return this;
		}

		public Builder receiveBufferBudget(@Nullable Long value) {
			this.receiveBufferBudget = (value != null) ? value : this.receiveBufferBudget;
			return this;
		}

		public Builder maxConnections(@Nullable Integer value) {
			this.maxConnections = (value != null) ? value : this.maxConnections;
			return this;
		}

		public Builder peerWaitWarning(Duration value) {
			this.peerWaitWarning = (value != null) ? value : this.peerWaitWarning;
			return this;
		}

		public Builder handshakeInterval(@Nullable Duration value) {
			this.handshakeInterval = (value != null) ? value : this.handshakeInterval;
			return this;
		}

		public Builder linger(@Nullable Duration value) {
			this.linger = (value != null) ? value : this.linger;
			return this;
		}

		public Builder sendHighWaterMark(@Nullable Integer value) {
			this.sendHighWaterMark = (value != null) ? value : this.sendHighWaterMark;
			return this;
		}

		public Builder receiveHighWaterMark(@Nullable Integer value) {
			this.receiveHighWaterMark = (value != null) ? value : this.receiveHighWaterMark;
			return this;
		}

		public Builder reconnectInterval(@Nullable Duration value) {
			this.reconnectInterval = (value != null) ? value : this.reconnectInterval;
			return this;
		}

		public Builder reconnectIntervalMax(@Nullable Duration value) {
			this.reconnectIntervalMax = (value != null) ? value : this.reconnectIntervalMax;
			return this;
		}

		public Builder heartbeatInterval(@Nullable Duration value) {
			this.heartbeatInterval = (value != null) ? value : this.heartbeatInterval;
			return this;
		}

		public Builder heartbeatTimeout(@Nullable Duration value) {
			this.heartbeatTimeout = (value != null) ? value : this.heartbeatTimeout;
			return this;
		}

		public Builder heartbeatTtl(@Nullable Duration value) {
			this.heartbeatTtl = (value != null) ? value : this.heartbeatTtl;
			return this;
		}

		public Builder maxMessageSize(@Nullable Long value) {
			this.maxMessageSize = (value != null) ? value : this.maxMessageSize;
			return this;
		}

		public Builder sendTimeout(@Nullable Duration value) {
			this.sendTimeout = (value != null) ? value : this.sendTimeout;
			return this;
		}

		public Builder sendQueueCapacity(@Nullable Integer value) {
			this.sendQueueCapacity = (value != null) ? value : this.sendQueueCapacity;
			return this;
		}

		public SocketSettings build() {
			return new SocketSettings(this.linger, this.sendHighWaterMark, this.receiveHighWaterMark,
					this.reconnectInterval, this.reconnectIntervalMax, this.heartbeatInterval, this.heartbeatTimeout,
					this.heartbeatTtl, this.maxMessageSize, this.sendTimeout, this.sendQueueCapacity,
					this.handshakeInterval, this.peerWaitWarning, this.maxConnections, this.receiveBufferBudget,
					this.maxHandshakingConnections, this.maxMessageFrames, this.subscriptionBudget);
		}

	}

}
