package dev.zmqspring.security;

import dev.zmqspring.core.MessageFrameLimit;
import org.jspecify.annotations.Nullable;
import zmq.Msg;
import zmq.io.Metadata;

/**
 * A frame of up to 8 KiB whose connection's message is counted against
 * {@code max-message-frames} once JeroMQ has read it whole: a plain frame otherwise, with
 * a heap buffer of its size.
 */
final class CountedFrame extends Msg {

	private final MessageFrameLimit limit;

	CountedFrame(int size, MessageFrameLimit limit) {
		super(size);
		this.limit = limit;
	}

	/**
	 * JeroMQ's engine sets the connection's metadata on every frame it has read whole,
	 * before it hands the frame to the socket (and a socket that sends the frame on
	 * clears it).
	 */
	@Override
	public Msg setMetadata(@Nullable Metadata metadata) {
		super.setMetadata(metadata);
		if (metadata != null) {
			this.limit.frameRead(this, metadata);
		}
		return this;
	}

}
