package dev.zmqspring.security;

import dev.zmqspring.core.MessageFrameLimit;
import dev.zmqspring.core.SubscriptionLimit;
import org.jspecify.annotations.Nullable;
import zmq.Msg;
import zmq.io.Metadata;

/**
 * A frame read by a PUB or XPUB endpoint, all of them subscriptions but for the messages
 * an XSUB peer sends upstream: mirrored in the endpoint's {@code subscription-budget},
 * and counted against {@code max-message-frames} where it applies, once JeroMQ has read
 * it whole.
 */
final class SubscriptionFrame extends Msg {

	private final SubscriptionLimit subscriptions;

	private final @Nullable MessageFrameLimit frames;

	SubscriptionFrame(int size, SubscriptionLimit subscriptions, @Nullable MessageFrameLimit frames) {
		super(size);
		this.subscriptions = subscriptions;
		this.frames = frames;
	}

	/**
	 * JeroMQ's engine sets the connection's metadata on every frame it has read whole,
	 * before it hands the frame to the socket.
	 */
	@Override
	public Msg setMetadata(@Nullable Metadata metadata) {
		super.setMetadata(metadata);
		if (metadata != null) {
			if (this.frames != null) {
				this.frames.frameRead(this, metadata);
			}
			this.subscriptions.frameRead(this, metadata);
		}
		return this;
	}

}
