package dev.zmqspring.core;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.event.ZmqEventPublisher;
import dev.zmqspring.event.ZmqSocketBindFailedEvent;
import dev.zmqspring.event.ZmqSocketConnectedEvent;
import dev.zmqspring.event.ZmqSocketDisconnectedEvent;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;

/**
 * The connections of one open socket, as JeroMQ reports them: peers connected now, and the last connection error.
 * Safe to read from any thread; Actuator and metrics read it.
 * <p>
 * It is fed by JeroMQ's event hook ({@link ZMQ.Socket#setEventHook}), which JeroMQ calls on its I/O thread for
 * connects and disconnects, so it only updates a few fields and hands events to a {@link ZmqEventPublisher}; it
 * never blocks. The classic monitor ({@link ZMQ.Socket#monitor}) is not used on purpose: it writes each event to
 * an inproc PAIR socket with a blocking send, so a monitor reader that falls behind, or was never connected,
 * stalls the I/O thread and with it every socket of the context.
 * <p>
 * Peers are counted for TCP (and IPC) connections; JeroMQ reports no events for {@code inproc://}, so
 * {@link #isTracked()} is {@code false} for a socket with only inproc addresses.
 */
public final class SocketActivity {

	/** Stands in where no socket is open or JeroMQ events are not available. */
	public static final SocketActivity NONE = new SocketActivity(null, null, false, null);

	private final String endpointName;

	private final ZmqSocketType socketType;

	private final boolean tracked;

	private final ZmqEventPublisher events;

	private final Set<Object> connections = ConcurrentHashMap.newKeySet();

	private volatile boolean open = true;

	private volatile String lastError;

	private volatile Instant lastErrorTime;

	private SocketActivity(String endpointName, ZmqSocketType socketType, boolean tracked, ZmqEventPublisher events) {
		this.endpointName = endpointName;
		this.socketType = socketType;
		this.tracked = tracked;
		this.events = events;
		if (endpointName == null) {
			this.open = false;
		}
	}

	/**
	 * Starts following a new socket's connections. Call on the socket's owner thread, before bind or connect.
	 * @param socket the socket, not yet bound or connected
	 * @param endpoint its endpoint
	 * @param events where connection events go, or {@code null}
	 * @return the socket's activity; untracked when a customizer already installed its own monitor
	 */
	static SocketActivity follow(ZMQ.Socket socket, ZmqEndpoint endpoint, ZmqEventPublisher events) {
		boolean tcpOrIpc = endpoint.addresses().stream().anyMatch(address -> !address.startsWith("inproc://"));
		SocketActivity activity = new SocketActivity(endpoint.name(), endpoint.type(), tcpOrIpc, events);
		try {
			socket.setEventHook(activity.new Hook(), ZMQ.EVENT_ALL);
		}
		catch (IllegalStateException ex) {
			// A ZmqSocketCustomizer installed its own monitor: JeroMQ allows one per socket, and it keeps it.
			return new SocketActivity(endpoint.name(), endpoint.type(), false, events);
		}
		return activity;
	}

	/** Whether peers are counted: a TCP or IPC socket with the starter's event hook installed. */
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

	/** The last connection problem JeroMQ reported (bind failed, handshake failed, accept failed), or {@code null}. */
	public String getLastError() {
		return this.lastError;
	}

	/** When {@link #getLastError()} happened, or {@code null}. */
	public Instant getLastErrorTime() {
		return this.lastErrorTime;
	}

	/**
	 * Records that an address could not be bound or connected, and publishes a {@link ZmqSocketBindFailedEvent}.
	 * Called by the socket factory for every transport (JeroMQ reports only TCP bind failures itself).
	 */
	void bindFailed(String address, String error) {
		error(error);
		publish(() -> new ZmqSocketBindFailedEvent(this, this.endpointName, this.socketType, address, error));
	}

	private void error(String description) {
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

	/** Runs on whichever thread JeroMQ reports from (mostly its I/O thread): quick, and never throws. */
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
		}

		private void handle(int code, String address, Object value) {
			SocketActivity activity = SocketActivity.this;
			switch (code) {
				case ZMQ.EVENT_CONNECTED, ZMQ.EVENT_ACCEPTED -> {
					if (value != null && activity.connections.add(value)) {
						int peers = activity.connections.size();
						publish(() -> new ZmqSocketConnectedEvent(activity, activity.endpointName, activity.socketType,
								address, peers));
					}
				}
				case ZMQ.EVENT_DISCONNECTED -> {
					if (value != null && activity.connections.remove(value)) {
						int peers = activity.connections.size();
						publish(() -> new ZmqSocketDisconnectedEvent(activity, activity.endpointName,
								activity.socketType, address, peers));
					}
				}
				case ZMQ.EVENT_BIND_FAILED -> error("Could not bind " + address + " (" + describe(value) + ")");
				case ZMQ.EVENT_ACCEPT_FAILED -> error("Could not accept a connection on " + address + " ("
						+ describe(value) + ")");
				case ZMQ.HANDSHAKE_FAILED_PROTOCOL, ZMQ.HANDSHAKE_FAILED_NO_DETAIL, ZMQ.HANDSHAKE_FAILED_AUTH ->
					error("A ZMTP handshake failed on " + address + " (code " + value + ")");
				case ZMQ.EVENT_MONITOR_STOPPED -> close();
				default -> {
					// LISTENING, CONNECT_DELAYED, CONNECT_RETRIED, CLOSED, HANDSHAKE_*: nothing to count.
				}
			}
		}

		private String describe(Object value) {
			if (value instanceof Integer errno) {
				return zmq.ZError.toString(errno) + ", errno " + errno;
			}
			return String.valueOf(value);
		}

	}

}
