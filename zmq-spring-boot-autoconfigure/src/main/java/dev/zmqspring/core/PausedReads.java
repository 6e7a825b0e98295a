package dev.zmqspring.core;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.zmqspring.core.EngineInternals.Connection;
import zmq.SocketBase;
import zmq.poll.IPollEvents;
import zmq.poll.Poller;

/**
 * Stops reading from a socket's TCP connections on one of JeroMQ's I/O threads, and reads
 * again when asked to: the back-pressure of a receive-buffer budget. JeroMQ 0.6.0 stops
 * reading from a connection on its own only when the socket's queue for it holds its
 * high-water mark of whole messages; this stops it on a byte count too, the same way (the
 * connection is no longer polled for input, so the peer's sends back up into its own
 * queue and TCP buffers, and nothing is lost).
 * <p>
 * Runs only on the I/O thread whose connections it pauses, as a JeroMQ timer, so nothing
 * races with JeroMQ. Connections still in their handshake are left alone, and a
 * connection that JeroMQ itself stopped (its queue full) is left for JeroMQ to restart.
 * Available on the threads of a {@code ZContext} that the starter created, with JeroMQ
 * 0.6.0's internals readable; elsewhere {@link #pause} says no and the caller refuses
 * what does not fit instead.
 */
public final class PausedReads implements IPollEvents {

	/** Not one of JeroMQ's own timer ids, nor the handshake watchdog's. */
	private static final int TIMER_ID = 0x5a4e;

	/** How often a paused socket is asked whether it may read again. */
	private static final long PERIOD_MS = 5;

	private static final ThreadLocal<PausedReads> onThisThread = new ThreadLocal<>();

	private final Poller poller;

	private final EngineInternals internals;

	/** The paused sockets of this thread, with what says when each may read again. */
	private final Map<SocketBase, BooleanSupplier> paused = new IdentityHashMap<>();

	private boolean timerArmed;

	private PausedReads(Poller poller, EngineInternals internals) {
		this.poller = poller;
		this.internals = internals;
	}

	/**
	 * Makes pausing possible on a JeroMQ thread; call on that thread, before its loop
	 * runs.
	 * @param loop what the thread runs: a {@link Poller} for I/O threads and the reaper
	 */
	static void install(Runnable loop) {
		EngineInternals internals = EngineInternals.get();
		if (internals != null && loop instanceof Poller poller) {
			onThisThread.set(new PausedReads(poller, internals));
		}
	}

	/**
	 * Stops reading from those of the socket's connections on the current thread that
	 * completed their handshake, until {@code readAgain} says so; it is asked every 5 ms,
	 * on this thread. Call on one of JeroMQ's I/O threads while it reads for the socket
	 * (from the socket's message allocator); calling it again while the socket is paused
	 * stops the connections that began reading since, and replaces {@code readAgain}.
	 * @param socket the socket
	 * @param readAgain whether the socket may read again
	 * @return whether reading stopped: {@code false} on a thread the starter did not
	 * create, or where JeroMQ's internals cannot be read
	 */
	public static boolean pause(SocketBase socket, BooleanSupplier readAgain) {
		PausedReads reads = onThisThread.get();
		if (reads == null) {
			return false;
		}
		try {
			reads.stop(socket, readAgain);
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private void stop(SocketBase socket, BooleanSupplier readAgain) {
		// First what resumes them: nothing may stay stopped with nothing to restart it.
		this.paused.put(socket, readAgain);
		armTimer();
		for (Connection connection : this.internals.connections(this.poller)) {
			if (this.internals.socket(connection.engine()) == socket
					&& !this.internals.inHandshake(connection.engine())) {
				this.poller.resetPollIn(connection.handle());
			}
		}
	}

	@Override
	public void timerEvent(int id) {
		this.timerArmed = false;
		try {
			resumeThoseReady();
		}
		finally {
			if (!this.paused.isEmpty()) {
				armTimer();
			}
		}
	}

	private void armTimer() {
		if (!this.timerArmed) {
			this.poller.addTimer(PERIOD_MS, this, TIMER_ID);
			this.timerArmed = true;
		}
	}

	private void resumeThoseReady() {
		List<Connection> connections = null;
		Iterator<Map.Entry<SocketBase, BooleanSupplier>> entries = this.paused.entrySet().iterator();
		while (entries.hasNext()) {
			Map.Entry<SocketBase, BooleanSupplier> entry = entries.next();
			if (entry.getValue().getAsBoolean()) {
				connections = (connections != null) ? connections : this.internals.connections(this.poller);
				resume(entry.getKey(), connections);
				entries.remove();
			}
		}
	}

	private void resume(SocketBase socket, List<Connection> connections) {
		for (Connection connection : connections) {
			// A connection that JeroMQ stopped for its high-water mark must wait for
			// JeroMQ: polling it now would make JeroMQ take it for broken.
			if (this.internals.socket(connection.engine()) == socket
					&& !this.internals.inputStopped(connection.engine())) {
				this.poller.setPollIn(connection.handle());
			}
		}
	}

}
