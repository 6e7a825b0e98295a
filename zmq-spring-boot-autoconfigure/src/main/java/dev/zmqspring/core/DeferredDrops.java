package dev.zmqspring.core;

import java.nio.channels.Channel;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.core.ConnectionRejections.Reason;
import dev.zmqspring.core.EngineInternals.Connection;
import org.jspecify.annotations.Nullable;
import zmq.io.Metadata;
import zmq.io.StreamEngine;
import zmq.pipe.Pipe;
import zmq.poll.IPollEvents;
import zmq.poll.Poller;

/**
 * Drops connections that broke a limit while JeroMQ was reading them, on one I/O thread.
 * A limit is found broken in the middle of JeroMQ's read of a connection, where dropping
 * it would pull the engine out from under JeroMQ: the connection stops being read at
 * once, and is dropped by a JeroMQ timer that fires as soon as the read is over, the way
 * JeroMQ's own handshake timer drops one (its unfinished message goes with it). The drop
 * counts as a rejected connection with the given reason.
 */
final class DeferredDrops implements IPollEvents {

	/** Not one of JeroMQ's own timer ids, nor the other timers of the starter. */
	private static final int TIMER_ID = 0x5a50;

	/** JeroMQ's id of the handshake timer, whose expiry drops the connection. */
	private static final int HANDSHAKE_TIMER_ID = 64;

	private static final ThreadLocal<DeferredDrops> onThisThread = new ThreadLocal<>();

	private final Poller poller;

	private final EngineInternals internals;

	private final Map<StreamEngine, Drop> pending = new IdentityHashMap<>();

	private boolean timerArmed;

	private DeferredDrops(Poller poller, EngineInternals internals) {
		this.poller = poller;
		this.internals = internals;
	}

	/**
	 * Makes dropping possible on a JeroMQ thread; call on that thread, before its loop
	 * runs.
	 * @param loop what the thread runs: a {@link Poller} for I/O threads and the reaper
	 */
	static void install(Runnable loop) {
		EngineInternals internals = EngineInternals.get();
		if (internals != null && loop instanceof Poller poller) {
			onThisThread.set(new DeferredDrops(poller, internals));
		}
	}

	/**
	 * Stops reading from a connection of the current thread, and drops it once the
	 * current read is over; call on the I/O thread that reads it.
	 * @param connection the metadata its engine sets on the messages it reads
	 * @param reason why the connection is rejected
	 * @param description what the peer did, for the log
	 * @return whether it will be dropped: {@code false} on a thread the starter did not
	 * create, or where JeroMQ's internals cannot be read
	 */
	static boolean drop(Metadata connection, Reason reason, String description) {
		DeferredDrops drops = onThisThread.get();
		if (drops == null) {
			return false;
		}
		try {
			return drops.schedule(connection, new Drop(reason, description));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * A connection of the current thread that this class can drop, as a socket's peer;
	 * call on the I/O thread that reads it.
	 * @param connection the metadata its engine sets on the messages it reads
	 * @return the connection, or {@code null} on a thread the starter did not create, or
	 * where JeroMQ's internals cannot be read
	 */
	static @Nullable PeerConnection peer(Metadata connection) {
		DeferredDrops drops = onThisThread.get();
		if (drops == null) {
			return null;
		}
		try {
			Connection found = drops.find(connection);
			if (found == null) {
				return null;
			}
			Pipe pipe = drops.internals.socketPipe(found.engine());
			return (pipe != null && drops.internals.channel(found.engine()) instanceof Channel channel)
					? new PeerConnection(channel, pipe, drops.internals) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private boolean schedule(Metadata metadata, Drop drop) {
		Connection connection = find(metadata);
		if (connection == null) {
			return false;
		}
		this.poller.resetPollIn(connection.handle());
		this.pending.put(connection.engine(), drop);
		if (!this.timerArmed) {
			this.poller.addTimer(0, this, TIMER_ID);
			this.timerArmed = true;
		}
		return true;
	}

	private @Nullable Connection find(Metadata metadata) {
		for (Connection connection : this.internals.connections(this.poller)) {
			if (this.internals.metadata(connection.engine()) == metadata) {
				return connection;
			}
		}
		return null;
	}

	@Override
	public void timerEvent(int id) {
		this.timerArmed = false;
		try {
			List<StreamEngine> live = this.internals.engines(this.poller);
			for (Map.Entry<StreamEngine, Drop> entry : this.pending.entrySet()) {
				StreamEngine engine = entry.getKey();
				// Gone already if its peer hung up meanwhile: JeroMQ dropped it.
				if (live.stream().anyMatch((other) -> other == engine)) {
					Drop drop = entry.getValue();
					try {
						DisconnectClassifier.limitBroken(() -> engine.timerEvent(HANDSHAKE_TIMER_ID), drop.reason(),
								drop.description());
					}
					catch (RuntimeException ex) {
						// JeroMQ's own loop goes on after such an exception too; the
						// others
						// are dropped all the same, and this one is asked for again.
					}
				}
			}
		}
		finally {
			this.pending.clear();
		}
	}

	private record Drop(Reason reason, String description) {
	}

	/**
	 * A connection as a socket's peer.
	 *
	 * @param channel closed once JeroMQ dropped the connection
	 * @param pipe the socket's end of the connection's pipe: what the socket holds the
	 * peer's subscriptions by
	 * @param internals what tells when the socket let go of the pipe
	 */
	record PeerConnection(Channel channel, Pipe pipe, EngineInternals internals) {

		/**
		 * Whether the socket has let go of the pipe, and of all it held for it; may be
		 * called on any thread.
		 */
		boolean pipeEnded() {
			return this.internals.ended(this.pipe);
		}

	}

}
