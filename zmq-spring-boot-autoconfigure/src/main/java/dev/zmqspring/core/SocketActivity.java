package dev.zmqspring.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.event.ZmqEventPublisher;
import dev.zmqspring.event.ZmqSocketBindFailedEvent;
import dev.zmqspring.event.ZmqSocketConnectedEvent;
import dev.zmqspring.event.ZmqSocketDisconnectedEvent;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;

/**
 * The connections of one open socket, as JeroMQ reports them: peers connected now, and
 * the last connection error. Safe to read from any thread; Actuator and metrics read it.
 * <p>
 * It is fed by JeroMQ's event hook ({@link ZMQ.Socket#setEventHook}), which JeroMQ calls
 * on its I/O thread for connects and disconnects, so it only updates a few fields and
 * hands events to a {@link ZmqEventPublisher}; it never blocks. The classic monitor
 * ({@link ZMQ.Socket#monitor}) is not used on purpose: it writes each event to an inproc
 * PAIR socket with a blocking send, so a monitor reader that falls behind, or was never
 * connected, stalls the I/O thread and with it every socket of the context.
 * <p>
 * Peers are counted for TCP (and IPC) connections; JeroMQ reports no events for
 * {@code inproc://}, so {@link #isTracked()} is {@code false} for a socket with only
 * inproc addresses.
 * <p>
 * For a binding socket it also tells connections dropped because the peer broke the
 * protocol (garbage instead of a greeting, another security mechanism, no greeting in
 * time, a frame over the size limit, a failed handshake) from ordinary disconnects, and
 * reports them to {@link ConnectionRejections} (see {@link DisconnectClassifier}).
 */
public final class SocketActivity {

	/** Stands in where no socket is open or JeroMQ events are not available. */
	public static final SocketActivity NONE = new SocketActivity(null, null, false, null, null, null,
			ConnectionLimits.NONE);

	private final @Nullable String endpointName;

	private final @Nullable ZmqSocketType socketType;

	private final boolean tracked;

	private final @Nullable ZmqEventPublisher events;

	/** Connections now, with when each was set up ({@link System#nanoTime()}). */
	private final Map<Object, Long> connections = new ConcurrentHashMap<>();

	private final @Nullable ConnectionRejections rejections;

	private final @Nullable DisconnectClassifier classifier;

	private final ConnectionLimits limits;

	/**
	 * Connections closed at once for the limit: their disconnect is not a peer going
	 * away.
	 */
	private final Set<Object> refused = ConcurrentHashMap.newKeySet();

	/**
	 * Warns when a connecting socket goes without a peer; {@code null} for binding or
	 * untracked sockets.
	 */
	private volatile PeerWait peerWait;

	private volatile boolean open = true;

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant lastErrorTime;

	private SocketActivity(@Nullable String endpointName, @Nullable ZmqSocketType socketType, boolean tracked,
			@Nullable ZmqEventPublisher events, @Nullable ConnectionRejections rejections,
			@Nullable DisconnectClassifier classifier, ConnectionLimits limits) {
		this.endpointName = endpointName;
		this.socketType = socketType;
		this.tracked = tracked;
		this.events = events;
		this.rejections = rejections;
		this.classifier = classifier;
		this.limits = limits;
		if (endpointName == null) {
			this.open = false;
		}
	}

	/**
	 * Starts following a new socket's connections. Call on the socket's owner thread,
	 * before bind or connect.
	 * @param socket the socket, not yet bound or connected
	 * @param endpoint its endpoint
	 * @param events where connection events go, or {@code null}
	 * @param rejections where connections dropped for breaking the protocol are reported,
	 * or {@code null}
	 * @param handshakesWatched whether the socket's context runs the
	 * {@link HandshakeWatchdog}, which alone tells connections in their handshake
	 * @return the socket's activity; untracked when a customizer already installed its
	 * own monitor
	 */
	static SocketActivity follow(ZMQ.Socket socket, ZmqEndpoint endpoint, @Nullable ZmqEventPublisher events,
			@Nullable ConnectionRejections rejections, boolean handshakesWatched) {
		boolean tcpOrIpc = endpoint.addresses().stream().anyMatch(address -> !address.startsWith("inproc://"));
		// Only a binding socket judges its peers: a connecting socket's peer is a server
		// the application chose.
		DisconnectClassifier classifier = (rejections != null && endpoint.bind() && tcpOrIpc)
				? new DisconnectClassifier(socket.getMechanism().name(), endpoint.type(),
						endpoint.settings().handshakeInterval(), SocketOptionsApplier.maxReceivedFrame(endpoint))
				: null;
		ConnectionLimits limits = (endpoint.bind() && tcpOrIpc)
				? new ConnectionLimits(endpoint.settings().maxConnections(),
						HandshakeWatchdog.limitFor(endpoint, handshakesWatched))
				: ConnectionLimits.NONE;
		SocketActivity activity = new SocketActivity(endpoint.name(), endpoint.type(), tcpOrIpc, events, rejections,
				classifier, limits);
		try {
			socket.setEventHook(activity.new Hook(), ZMQ.EVENT_ALL);
		}
		catch (IllegalStateException ex) {
			// A ZmqSocketCustomizer installed its own monitor: JeroMQ allows one per
			// socket, and it keeps it.
			return new SocketActivity(endpoint.name(), endpoint.type(), false, events, null, null,
					ConnectionLimits.NONE);
		}
		return activity;
	}

	/**
	 * Starts watching for a peer: a connecting socket that has none for its endpoint's
	 * {@code peer-wait-warning} logs a warning. Call once, after the socket connected;
	 * does nothing for binding or untracked sockets.
	 */
	void watchForPeers(ZmqEndpoint endpoint) {
		if (this.open && PeerWait.applies(endpoint, this.tracked)) {
			PeerWait wait = new PeerWait(endpoint, this, PeerWaitTimer.SHARED);
			wait.start();
			this.peerWait = wait;
			if (!this.connections.isEmpty()) {
				// Connected before the watch began: count it as the connect it was.
				wait.connected(1);
			}
		}
	}

	/**
	 * Whether peers are counted: a TCP or IPC socket with the starter's event hook
	 * installed.
	 */
	public boolean isTracked() {
		return this.tracked;
	}

	/** Whether the socket is open (not yet closed by its owner). */
	public boolean isOpen() {
		return this.open;
	}

	/** The number of peers connected now (0 when not tracked). */
	public int getConnectedPeers() {
		return this.connections.size();
	}

	/**
	 * The last connection problem JeroMQ reported (bind failed, handshake failed, accept
	 * failed), or {@code null}.
	 */
	public @Nullable String getLastError() {
		return this.lastError;
	}

	/**
	 * For a connecting socket: when it began to wait for a peer (at start, or when its
	 * peer went away), while it waits; {@code null} when a peer is connected, or when the
	 * socket binds or is not watched.
	 */
	public @Nullable Instant getWaitingForPeerSince() {
		PeerWait wait = this.peerWait;
		return (wait != null) ? wait.waitingSince() : null;
	}

	/**
	 * For a connecting socket that has waited for a peer longer than its
	 * {@code peer-wait-warning}: the warning it logged, naming its addresses and what to
	 * check; {@code null} otherwise.
	 */
	public @Nullable String getPeerWarning() {
		PeerWait wait = this.peerWait;
		return (wait != null) ? wait.warning() : null;
	}

	/** When {@link #getLastError()} happened, or {@code null}. */
	public @Nullable Instant getLastErrorTime() {
		return this.lastErrorTime;
	}

	/**
	 * Records that an address could not be bound or connected, and publishes a
	 * {@link ZmqSocketBindFailedEvent}. Called by the socket factory for every transport
	 * (JeroMQ reports only TCP bind failures itself).
	 */
	void bindFailed(String address, @Nullable String error) {
		error(error);
		publish(() -> new ZmqSocketBindFailedEvent(this, this.endpointName, this.socketType, address, error));
	}

	/**
	 * Closes the TCP connections of the socket underneath JeroMQ, so that its I/O thread
	 * never reads from them again: what the starter does on that thread when it failed in
	 * the middle of one of them (a half-read frame would otherwise keep it busy for
	 * good). JeroMQ forgets them only when the socket is closed, which must follow. Not
	 * for application code.
	 * @return how many were closed
	 */
	public int closeConnections() {
		int closed = 0;
		for (Object channel : this.connections.keySet()) {
			if (channel instanceof SocketChannel socketChannel) {
				try {
					socketChannel.close();
					closed++;
				}
				catch (IOException | RuntimeException ex) {
					// Gone already.
				}
			}
		}
		return closed;
	}

	private void error(@Nullable String description) {
		this.lastError = description;
		this.lastErrorTime = Instant.now();
	}

	private void publish(java.util.function.Supplier<dev.zmqspring.event.ZmqEvent> event) {
		if (this.events != null) {
			this.events.publish(event.get());
		}
	}

	@Override
	public String toString() {
		return "SocketActivity[endpoint=" + this.endpointName + ", peers=" + getConnectedPeers() + ", open=" + this.open
				+ "]";
	}

	/**
	 * Runs on whichever thread JeroMQ reports from (mostly its I/O thread): quick, and
	 * never throws.
	 */
	private final class Hook implements ZEvent.ZEventConsummer {

		@Override
		public void consume(zmq.ZMQ.Event event) {
			try {
				handle(event.event, event.addr, event.arg);
			}
			catch (RuntimeException ex) {
				// Never let a bookkeeping fault reach JeroMQ's I/O thread.
			}
		}

		@Override
		public void consume(ZEvent event) {
			// JeroMQ calls consume(zmq.ZMQ.Event) above; this wrapped form is not used.
		}

		@Override
		public void close() {
			SocketActivity.this.open = false;
			SocketActivity.this.connections.clear();
			SocketActivity.this.refused.clear();
			PeerWait wait = SocketActivity.this.peerWait;
			if (wait != null) {
				wait.close();
			}
		}

		private void handle(int code, String address, @Nullable Object value) {
			SocketActivity activity = SocketActivity.this;
			switch (code) {
				case ZMQ.EVENT_CONNECTED, ZMQ.EVENT_ACCEPTED -> {
					if (code == ZMQ.EVENT_ACCEPTED && overLimit(address, value)) {
						return;
					}
					if (value != null && activity.connections.putIfAbsent(value, System.nanoTime()) == null) {
						int peers = activity.connections.size();
						PeerWait wait = activity.peerWait;
						if (wait != null) {
							wait.connected(peers);
						}
						publish(() -> new ZmqSocketConnectedEvent(activity, activity.endpointName, activity.socketType,
								address, peers));
					}
				}
				case ZMQ.EVENT_DISCONNECTED -> {
					if (value != null && activity.refused.remove(value)) {
						// Closed for the limit, reported when it was accepted.
						return;
					}
					Long since = (value != null) ? activity.connections.remove(value) : null;
					if (activity.classifier != null) {
						rejectIfHostile(address, value, since);
					}
					if (since != null) {
						int peers = activity.connections.size();
						PeerWait wait = activity.peerWait;
						if (wait != null) {
							wait.disconnected(peers);
						}
						publish(() -> new ZmqSocketDisconnectedEvent(activity, activity.endpointName,
								activity.socketType, address, peers));
					}
				}
				case ZMQ.EVENT_BIND_FAILED -> error("Could not bind " + address + " (" + describe(value) + ")");
				case ZMQ.EVENT_ACCEPT_FAILED ->
					error("Could not accept a connection on " + address + " (" + describe(value) + ")");
				case ZMQ.HANDSHAKE_FAILED_PROTOCOL, ZMQ.HANDSHAKE_FAILED_NO_DETAIL, ZMQ.HANDSHAKE_FAILED_AUTH -> {
					error("A ZMTP handshake failed on " + address + " (code " + value + ")");
					PeerWait wait = activity.peerWait;
					if (wait != null) {
						wait.handshakeFailed();
					}
					// JeroMQ 0.6.0 reports AUTH only on the client side; a refusal by the
					// ZAP handler is counted there.
					if (activity.classifier != null && code != ZMQ.HANDSHAKE_FAILED_AUTH) {
						// The disconnect that follows, in the same call, is reported as
						// this failure.
						activity.classifier.handshakeFailed(value);
					}
				}
				case ZMQ.EVENT_MONITOR_STOPPED -> close();
				default -> {
					// LISTENING, CONNECT_DELAYED, CONNECT_RETRIED, CLOSED, HANDSHAKE_*:
					// nothing to count.
				}
			}
		}

		/**
		 * Closes a connection that would take the endpoint over its limit. Runs on the
		 * I/O thread right after the accept, before JeroMQ reads from the connection: the
		 * input is shut down, so the engine's first read sees the end of the stream and
		 * JeroMQ drops the connection its own way, with nothing read and nothing held.
		 * (Closing the channel from here could race with JeroMQ registering it.)
		 */
		private boolean overLimit(String address, @Nullable Object channel) {
			SocketActivity activity = SocketActivity.this;
			if (!(channel instanceof SocketChannel socketChannel)) {
				return false;
			}
			ConnectionLimits.Exceeded exceeded = activity.limits.check(activity.connections, activity.refused);
			return exceeded != null && refuse(address, socketChannel, exceeded.reason(), exceeded.limit());
		}

		private boolean refuse(String address, SocketChannel channel, ConnectionRejections.Reason reason,
				String limit) {
			SocketActivity activity = SocketActivity.this;
			activity.refused.add(channel);
			try {
				channel.shutdownInput();
			}
			catch (IOException | RuntimeException ex) {
				// Gone already: nothing to refuse.
			}
			String peer = peerAddress(channel);
			String description = "was refused: the endpoint " + limit;
			error("Refused a connection to " + address + " from " + ((peer != null) ? peer : "an unknown address")
					+ ": the peer " + description);
			if (activity.rejections != null) {
				activity.rejections.rejected(activity.endpointName, reason, peer, description);
			}
			return true;
		}

		/**
		 * Runs inside JeroMQ's call that drops the connection: that is where the
		 * classifier can tell why.
		 */
		private void rejectIfHostile(String address, Object channel, @Nullable Long since) {
			SocketActivity activity = SocketActivity.this;
			Duration age = (since != null) ? Duration.ofNanos(System.nanoTime() - since) : null;
			DisconnectClassifier.Rejection rejection = activity.classifier.classify(age);
			if (rejection != null) {
				String peer = peerAddress(channel);
				error("Dropped a connection to " + address + " from " + ((peer != null) ? peer : "an unknown address")
						+ ": the peer " + rejection.description());
				activity.rejections.rejected(activity.endpointName, rejection.reason(), peer, rejection.description());
			}
		}

		/**
		 * The peer's IP address, without the port, so that repeated attempts from one
		 * host log as one line.
		 */
		private @Nullable String peerAddress(Object channel) {
			if (channel instanceof SocketChannel socketChannel) {
				try {
					if (socketChannel.getRemoteAddress() instanceof InetSocketAddress remote) {
						return remote.getAddress().getHostAddress();
					}
				}
				catch (IOException | RuntimeException ex) {
					// Closed already: the address is unknown.
				}
			}
			return null;
		}

		private String describe(@Nullable Object value) {
			if (value instanceof Integer errno) {
				return zmq.ZError.toString(errno) + ", " + ErrorCodeNames.of(errno);
			}
			return String.valueOf(value);
		}

	}

}
