package dev.zmqspring.core;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

import dev.zmqspring.core.ConnectionRejections.Reason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import zmq.Msg;
import zmq.io.Metadata;

/**
 * Bounds the frames of one message from a peer ({@code max-message-frames}). JeroMQ keeps
 * every frame of a message until its last frame comes, and its high-water mark counts
 * only whole messages: a peer that sends frames of a message that never ends would fill
 * the heap. Each frame JeroMQ's engine reads whole is counted for its connection (on the
 * I/O thread, the connection told by the metadata object the engine sets on it); when a
 * message has as many frames as the limit and more are to come, the connection is dropped
 * ({@link DeferredDrops}), which throws its unfinished message away, and counted as a
 * rejected connection (reason {@code oversize}) where the socket binds. Commands
 * (heartbeats) do not count, nor end a message.
 * <p>
 * Internal: not for application code.
 */
public final class MessageFrameLimit {

	private static final Log logger = LogFactory.getLog(MessageFrameLimit.class);

	private static final RepeatLimitedLog unenforced = new RepeatLimitedLog(logger, Duration.ofHours(1));

	/**
	 * How many frames more a connection being dropped may send before it is dropped
	 * again.
	 */
	private static final int RETRY_EVERY = 4096;

	/** Each I/O thread's count of the messages in progress of its connections. */
	private static final ThreadLocal<Counts> counts = ThreadLocal.withInitial(Counts::new);

	private final String endpoint;

	private final int limit;

	private final String description;

	private final Runnable broken;

	/**
	 * @param endpoint the endpoint whose socket reads the frames
	 * @param broken told, on the I/O thread, when a connection is dropped for it
	 */
	public MessageFrameLimit(ZmqEndpoint endpoint, Runnable broken) {
		this.endpoint = endpoint.name();
		this.limit = endpoint.settings().maxMessageFrames();
		this.description = "sent a message of more than " + this.limit + " frames ("
				+ endpoint.settingName("socket.max-message-frames") + "); the message is thrown away";
		this.broken = broken;
	}

	/**
	 * The limit in force for an endpoint, or {@code null} when it has none.
	 * @param endpoint the endpoint
	 * @param broken told when a connection is dropped for it
	 */
	public static @Nullable MessageFrameLimit of(ZmqEndpoint endpoint, Runnable broken) {
		return (endpoint.settings().maxMessageFrames() > 0) ? new MessageFrameLimit(endpoint, broken) : null;
	}

	/**
	 * A frame was read whole and is being handed to the socket; call on the I/O thread,
	 * when JeroMQ's engine sets the connection's metadata on it. A frame beyond the limit
	 * is marked as followed by more, so that its message never ends before the connection
	 * is dropped (which throws the unfinished message away).
	 * @param frame the frame, its flags set
	 * @param connection the metadata of the connection it came from
	 */
	public void frameRead(Msg frame, Metadata connection) {
		if (frame.isCommand()) {
			return;
		}
		Counts counts = MessageFrameLimit.counts.get();
		int before = counts.of(connection);
		if (before < this.limit) {
			counts.set(frame.hasMore() ? before + 1 : 0);
			return;
		}
		if (before > this.limit) {
			// Being dropped already; asked for again now and then, should the drop have
			// failed.
			frame.setFlags(Msg.MORE);
			counts.set(before + 1);
			if ((before - this.limit) % RETRY_EVERY == 0) {
				DeferredDrops.drop(connection, Reason.OVERSIZE, this.description);
			}
			return;
		}
		if (DeferredDrops.drop(connection, Reason.OVERSIZE, this.description)) {
			frame.setFlags(Msg.MORE);
			counts.set(before + 1);
			this.broken.run();
		}
		else {
			counts.set(frame.hasMore() ? before + 1 : 0);
			unenforced.warn("Endpoint '" + this.endpoint + "' received a message of more than " + this.limit
					+ " frames but cannot drop its peer: the starter enforces max-message-frames only in a"
					+ " ZContext it created itself, with JeroMQ 0.6.0 on the class path");
		}
	}

	/**
	 * The frames read so far of each connection's message in progress, on one I/O thread:
	 * the connection being read, and the others parked.
	 */
	private static final class Counts {

		/**
		 * Beyond it, the parked counts (of connections gone mid-message) are forgotten.
		 */
		private static final int MAX_PARKED = 10_000;

		private @Nullable Metadata current;

		private int frames;

		private final Map<Metadata, Integer> parked = new IdentityHashMap<>();

		/**
		 * The frames the connection's message has had so far; it is now the current one.
		 */
		int of(Metadata connection) {
			if (connection != this.current) {
				switchTo(connection);
			}
			return this.frames;
		}

		/** Sets the current connection's count. */
		void set(int frames) {
			this.frames = frames;
		}

		private void switchTo(Metadata connection) {
			Metadata previous = this.current;
			if (previous != null && this.frames > 0) {
				if (this.parked.size() >= MAX_PARKED) {
					this.parked.clear();
				}
				this.parked.put(previous, this.frames);
			}
			this.current = connection;
			Integer frames = this.parked.isEmpty() ? null : this.parked.remove(connection);
			this.frames = (frames != null) ? frames : 0;
		}

	}

}
