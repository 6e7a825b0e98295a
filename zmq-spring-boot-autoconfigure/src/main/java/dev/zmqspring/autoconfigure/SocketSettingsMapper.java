package dev.zmqspring.autoconfigure;

import java.time.Duration;

import dev.zmqspring.core.SocketSettings;
import org.jspecify.annotations.Nullable;

/**
 * Lays the options that are set in {@code zmq.socket.*} (or an endpoint's
 * {@code socket.*}) over other settings, checking each value.
 */
final class SocketSettingsMapper {

	/** ZMTP carries the heartbeat TTL in deciseconds in 16 bits. */
	static final Duration MAX_HEARTBEAT_TTL = Duration.ofMillis(655_399);

	private SocketSettingsMapper() {
	}

	static SocketSettings apply(SocketSettings base, ZmqSocketProperties socket, String prefix) {
		checkNotNegative(socket.getLinger(), prefix + ".linger");
		checkNotNegative(socket.getReconnectInterval(), prefix + ".reconnect-interval");
		checkNotNegative(socket.getReconnectIntervalMax(), prefix + ".reconnect-interval-max");
		checkNotNegative(socket.getHeartbeatInterval(), prefix + ".heartbeat-interval");
		checkNotNegative(socket.getHeartbeatTimeout(), prefix + ".heartbeat-timeout");
		checkNotNegative(socket.getHeartbeatTtl(), prefix + ".heartbeat-ttl");
		if (socket.getHeartbeatTtl() != null && socket.getHeartbeatTtl().compareTo(MAX_HEARTBEAT_TTL) > 0) {
			throw new IllegalArgumentException(prefix + ".heartbeat-ttl is " + socket.getHeartbeatTtl()
					+ ", more than ZMTP can carry (" + MAX_HEARTBEAT_TTL.toMillis() + "ms); use at most 10m");
		}
		checkNotNegative(socket.getSendTimeout(), prefix + ".send-timeout");
		checkNotNegative(socket.getHandshakeInterval(), prefix + ".handshake-interval");
		if (socket.getPeerWaitWarning() != null && socket.getPeerWaitWarning().isNegative()) {
			throw new IllegalArgumentException(prefix + ".peer-wait-warning must not be negative, was "
					+ socket.getPeerWaitWarning() + "; use 0 to turn the warning off, or a time such as 10s");
		}
		checkPositive(socket.getSendHighWaterMark(), prefix + ".send-high-water-mark", 0);
		checkPositive(socket.getReceiveHighWaterMark(), prefix + ".receive-high-water-mark", 0);
		checkPositive(socket.getSendQueueCapacity(), prefix + ".send-queue-capacity", 1);
		checkPositive(socket.getMaxConnections(), prefix + ".max-connections", 0);
		checkPositive(socket.getMaxHandshakingConnections(), prefix + ".max-handshaking-connections", 0);
		checkPositive(socket.getMaxMessageFrames(), prefix + ".max-message-frames", 0);
		if (socket.getMaxMessageSize() != null && socket.getMaxMessageSize().toBytes() <= 0) {
			throw new IllegalArgumentException(prefix + ".max-message-size must be positive, for example 1MB;"
					+ " an unlimited size lets any peer exhaust the heap");
		}
		if (socket.getReceiveBufferBudget() != null && socket.getReceiveBufferBudget().isNegative()) {
			throw new IllegalArgumentException(prefix + ".receive-buffer-budget must not be negative, was "
					+ socket.getReceiveBufferBudget() + "; use 0 for no budget, or a size such as 32MB");
		}
		if (socket.getSubscriptionBudget() != null && socket.getSubscriptionBudget().isNegative()) {
			throw new IllegalArgumentException(prefix + ".subscription-budget must not be negative, was "
					+ socket.getSubscriptionBudget() + "; use 0 for no budget, or a size such as 16MB");
		}
		SocketSettings result = base.toBuilder()
			.linger(socket.getLinger())
			.sendHighWaterMark(socket.getSendHighWaterMark())
			.receiveHighWaterMark(socket.getReceiveHighWaterMark())
			.reconnectInterval(socket.getReconnectInterval())
			.reconnectIntervalMax(socket.getReconnectIntervalMax())
			.heartbeatInterval(socket.getHeartbeatInterval())
			.heartbeatTimeout(socket.getHeartbeatTimeout())
			.heartbeatTtl(socket.getHeartbeatTtl())
			.maxMessageSize((socket.getMaxMessageSize() != null) ? socket.getMaxMessageSize().toBytes() : null)
			.sendTimeout(socket.getSendTimeout())
			.sendQueueCapacity(socket.getSendQueueCapacity())
			.handshakeInterval(socket.getHandshakeInterval())
			.peerWaitWarning(socket.getPeerWaitWarning())
			.maxConnections(socket.getMaxConnections())
			.maxHandshakingConnections(socket.getMaxHandshakingConnections())
			.maxMessageFrames(socket.getMaxMessageFrames())
			.receiveBufferBudget(
					(socket.getReceiveBufferBudget() != null) ? socket.getReceiveBufferBudget().toBytes() : null)
			.subscriptionBudget(
					(socket.getSubscriptionBudget() != null) ? socket.getSubscriptionBudget().toBytes() : null)
			.build();
		checkBudget(result, prefix);
		boolean intervalOnly = socket.getHeartbeatInterval() != null;
		if (!result.heartbeatInterval().isZero()
				&& (result.heartbeatTimeout().isZero() || (intervalOnly && socket.getHeartbeatTimeout() == null))) {
			// A heartbeat without its own timeout: three intervals.
			result = result.toBuilder().heartbeatTimeout(result.heartbeatInterval().multipliedBy(3)).build();
		}
		if (!result.heartbeatInterval().isZero()
				&& (result.heartbeatTtl().isZero() || (intervalOnly && socket.getHeartbeatTtl() == null))) {
			Duration derived = result.heartbeatInterval().multipliedBy(6);
			result = result.toBuilder()
				.heartbeatTtl((derived.compareTo(MAX_HEARTBEAT_TTL) > 0) ? MAX_HEARTBEAT_TTL : derived)
				.build();
		}
		return result;
	}

	private static void checkNotNegative(@Nullable Duration value, String key) {
		if (value != null && value.isNegative()) {
			throw new IllegalArgumentException(key + " must not be negative, was " + value);
		}
	}

	private static void checkBudget(SocketSettings settings, String prefix) {
		long budget = settings.receiveBufferBudget();
		if (budget > 0 && budget < settings.maxMessageSize()) {
			throw new IllegalArgumentException(prefix + ".receive-buffer-budget (" + budget
					+ " bytes) is smaller than max-message-size (" + settings.maxMessageSize()
					+ " bytes), so a message of the largest allowed size could never be received; raise"
					+ " receive-buffer-budget to at least max-message-size, or set it to 0 for no budget");
		}
	}

	private static void checkPositive(@Nullable Integer value, String key, int minimum) {
		if (value != null && value < minimum) {
			throw new IllegalArgumentException(key + " must be at least " + minimum + ", was " + value);
		}
	}

}
