package dev.zmqspring.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * Socket options ({@code zmq.socket.*}, and {@code zmq.endpoints.<name>.socket.*} per
 * endpoint). Unset options keep the starter's defaults (globally) or the global value
 * (per endpoint).
 */
public class ZmqSocketProperties {

	/**
	 * How long a closing socket keeps trying to deliver queued messages. Default 1s;
	 * finite so shutdown never hangs.
	 */
	private @Nullable Duration linger;

	/**
	 * Maximum number of messages queued per peer for sending. Default 1000.
	 */
	private @Nullable Integer sendHighWaterMark;

	/**
	 * Maximum number of messages queued per peer for receiving. Default 1000.
	 */
	private @Nullable Integer receiveHighWaterMark;

	/**
	 * Wait between two attempts of a connecting socket to reach its peer (at start, and
	 * after the peer went away), before back-off. JeroMQ adds a random part of up to this
	 * much either way. Default 100ms, as in libzmq.
	 */
	private @Nullable Duration reconnectInterval;

	/**
	 * Upper bound of the reconnect back-off: the wait doubles after each failed attempt
	 * up to this value; 0 (or a value not above reconnect-interval) retries at
	 * reconnect-interval for good. Default 1s, so a peer that binds later is reached
	 * within about a second.
	 */
	private @Nullable Duration reconnectIntervalMax;

	/**
	 * How long a connecting socket may go without a peer, after it starts or after its
	 * peer went away, before it logs a warning naming its addresses (also shown in health
	 * details and the zmq Actuator endpoint). 0 turns the warning off. Default 10s.
	 */
	private @Nullable Duration peerWaitWarning;

	/**
	 * Interval of the ZMTP heartbeats that connecting sockets send to detect a dead peer
	 * (the socket then reconnects); binding sockets answer them. 0 turns them off.
	 * Default 5s.
	 */
	private @Nullable Duration heartbeatInterval;

	/**
	 * How long to wait for a heartbeat answer before the connection is considered dead.
	 * Default 15s, or three intervals when only the interval is set.
	 */
	private @Nullable Duration heartbeatTimeout;

	/**
	 * How long the remote peer should wait for heartbeats before it closes the
	 * connection. Default 30s, or six intervals when only the interval is set (at most
	 * 10m55s, what ZMTP can carry).
	 */
	private @Nullable Duration heartbeatTtl;

	/**
	 * Largest message accepted from a peer; a peer sending a larger one is disconnected.
	 * PUB and XPUB endpoints, which receive only subscriptions, take at most 1 KiB. Also
	 * checked before sending. Default 1MB.
	 */
	private @Nullable DataSize maxMessageSize;

	/**
	 * How long a send waits for room (no peer yet, peers at their high-water mark) before
	 * it fails with an exception. Default 5s.
	 */
	private @Nullable Duration sendTimeout;

	/**
	 * Maximum number of messages handed to an endpoint's sending thread and not yet
	 * written to the socket. Default 10000.
	 */
	private @Nullable Integer sendQueueCapacity;

	/**
	 * How long a new connection may take to complete its ZMTP handshake before it is
	 * dropped (and, when connecting, retried); 0 waits forever. Default 2s: JeroMQ 0.6.0
	 * sometimes stalls a fresh outgoing connection until this timer fires.
	 */
	private @Nullable Duration handshakeInterval;

	/**
	 * How many connections a binding TCP endpoint keeps at once, counting those still in
	 * their handshake; a connection beyond it is closed as soon as it is accepted, and
	 * counted and logged as a rejected connection (reason connection-limit). 0 means no
	 * limit. Default 1000.
	 */
	private @Nullable Integer maxConnections;

	/**
	 * How many of a binding TCP endpoint's connections may be in their handshake at once
	 * (connected, greeting or security handshake not complete yet); a connection beyond
	 * it is closed as soon as it is accepted, and counted and logged as a rejected
	 * connection (reason handshake-limit). 0 means no limit of its own: only
	 * max-connections counts them. Default 0.
	 */
	private @Nullable Integer maxHandshakingConnections;

	/**
	 * How many frames a message received from a peer may have. A peer whose message grows
	 * beyond it (a multipart message that never ends holds memory until its last part
	 * comes) is dropped with the message, and counted and logged. 0 means no limit.
	 * Default 32.
	 */
	private @Nullable Integer maxMessageFrames;

	public @Nullable Integer getMaxMessageFrames() {
		return this.maxMessageFrames;
	}

	public void setMaxMessageFrames(@Nullable Integer maxMessageFrames) {
		this.maxMessageFrames = maxMessageFrames;
	}

	public @Nullable Integer getMaxHandshakingConnections() {
		return this.maxHandshakingConnections;
	}

	public void setMaxHandshakingConnections(@Nullable Integer maxHandshakingConnections) {
		this.maxHandshakingConnections = maxHandshakingConnections;
	}

	/**
	 * How many bytes of received frames larger than 1 KiB an endpoint's socket may hold
	 * for the application at once, over all its peers: messages queued because the
	 * listener is busy, and frames being read. When it is full, the endpoint stops
	 * reading from its peers until the listener has caught up. When the listener could
	 * take nothing of what fills it, or has taken nothing for 10 s, a frame that would
	 * take the endpoint over it is read and discarded instead, and its message refused:
	 * counted as an error of the endpoint, logged, and answered with an OVERLOADED error
	 * reply on REP and ROUTER endpoints. Must be at least max-message-size; 0 means no
	 * budget. Default 32MB.
	 */
	private @Nullable DataSize receiveBufferBudget;

	/**
	 * How much of the heap the subscriptions of a PUB or XPUB endpoint's peers may take,
	 * all peers together, as JeroMQ and the starter store them: about 1 KiB and 64 bytes
	 * per byte for each distinct topic, 96 bytes per peer holding it, and 512 bytes per
	 * peer that subscribed. A peer whose subscription would take the endpoint over it is
	 * dropped (with all its subscriptions), and counted and logged as a rejected
	 * connection (reason subscription-budget). 0 means no budget. Default 16MB.
	 */
	private @Nullable DataSize subscriptionBudget;

	public @Nullable DataSize getSubscriptionBudget() {
		return this.subscriptionBudget;
	}

	public void setSubscriptionBudget(@Nullable DataSize subscriptionBudget) {
		this.subscriptionBudget = subscriptionBudget;
	}

	public @Nullable DataSize getReceiveBufferBudget() {
		return this.receiveBufferBudget;
	}

	public void setReceiveBufferBudget(@Nullable DataSize receiveBufferBudget) {
		this.receiveBufferBudget = receiveBufferBudget;
	}

	public @Nullable Duration getPeerWaitWarning() {
		return this.peerWaitWarning;
	}

	public void setPeerWaitWarning(@Nullable Duration peerWaitWarning) {
		this.peerWaitWarning = peerWaitWarning;
	}

	public @Nullable Integer getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(@Nullable Integer maxConnections) {
		this.maxConnections = maxConnections;
	}

	public @Nullable Duration getHandshakeInterval() {
		return this.handshakeInterval;
	}

	public void setHandshakeInterval(@Nullable Duration handshakeInterval) {
		this.handshakeInterval = handshakeInterval;
	}

	public @Nullable Duration getLinger() {
		return this.linger;
	}

	public void setLinger(@Nullable Duration linger) {
		this.linger = linger;
	}

	public @Nullable Integer getSendHighWaterMark() {
		return this.sendHighWaterMark;
	}

	public void setSendHighWaterMark(@Nullable Integer sendHighWaterMark) {
		this.sendHighWaterMark = sendHighWaterMark;
	}

	public @Nullable Integer getReceiveHighWaterMark() {
		return this.receiveHighWaterMark;
	}

	public void setReceiveHighWaterMark(@Nullable Integer receiveHighWaterMark) {
		this.receiveHighWaterMark = receiveHighWaterMark;
	}

	public @Nullable Duration getReconnectInterval() {
		return this.reconnectInterval;
	}

	public void setReconnectInterval(@Nullable Duration reconnectInterval) {
		this.reconnectInterval = reconnectInterval;
	}

	public @Nullable Duration getReconnectIntervalMax() {
		return this.reconnectIntervalMax;
	}

	public void setReconnectIntervalMax(@Nullable Duration reconnectIntervalMax) {
		this.reconnectIntervalMax = reconnectIntervalMax;
	}

	public @Nullable Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(@Nullable Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public @Nullable Duration getHeartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	public void setHeartbeatTimeout(@Nullable Duration heartbeatTimeout) {
		this.heartbeatTimeout = heartbeatTimeout;
	}

	public @Nullable Duration getHeartbeatTtl() {
		return this.heartbeatTtl;
	}

	public void setHeartbeatTtl(@Nullable Duration heartbeatTtl) {
		this.heartbeatTtl = heartbeatTtl;
	}

	public @Nullable DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(@Nullable DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public @Nullable Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(@Nullable Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

	public @Nullable Integer getSendQueueCapacity() {
		return this.sendQueueCapacity;
	}

	public void setSendQueueCapacity(@Nullable Integer sendQueueCapacity) {
		this.sendQueueCapacity = sendQueueCapacity;
	}

}
