package dev.zmqspring.security;

import dev.zmqspring.core.IoThreadCulprit;
import dev.zmqspring.core.MessageFrameLimit;
import dev.zmqspring.core.SubscriptionLimit;
import org.jspecify.annotations.Nullable;
import zmq.Msg;
import zmq.msg.MsgAllocator;

/**
 * Where one endpoint's received frames take their memory, on JeroMQ's I/O thread, and who
 * is named when that fails. An {@link Error} (out of memory, above all) in the guard's
 * allocator or in a frame taking its memory names the endpoint ({@link IoThreadCulprit})
 * before it goes on, so that the starter can keep the I/O thread running and reopen this
 * endpoint's socket instead of losing every socket of the context.
 */
final class FrameMemory {

	private final String endpoint;

	private final MsgAllocator allocator;

	FrameMemory(String endpoint, MsgAllocator allocator) {
		this.endpoint = endpoint;
		this.allocator = allocator;
	}

	Msg allocate(int size) {
		return this.allocator.allocate(size);
	}

	/**
	 * A frame whose message is counted against the socket's limit of frames; a plain one
	 * when the memory is not JeroMQ's own (a test's).
	 */
	Msg counted(int size, MessageFrameLimit limit) {
		return (this.allocator == zmq.ZMQ.DEFAULT_MSG_ALLOCATOR) ? new CountedFrame(size, limit)
				: this.allocator.allocate(size);
	}

	/**
	 * A frame mirrored in the socket's subscription budget; a plain one when the memory
	 * is not JeroMQ's own (a test's).
	 */
	Msg subscription(int size, SubscriptionLimit subscriptions, @Nullable MessageFrameLimit frames) {
		return (this.allocator == zmq.ZMQ.DEFAULT_MSG_ALLOCATOR) ? new SubscriptionFrame(size, subscriptions, frames)
				: this.allocator.allocate(size);
	}

	/** Names this endpoint as the one the current thread failed for. */
	void blame() {
		IoThreadCulprit.blame(this.endpoint);
	}

}
