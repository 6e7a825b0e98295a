package dev.zmqspring.security;

import dev.zmqspring.core.IoThreadCulprit;
import zmq.Msg;
import zmq.msg.MsgAllocator;

/**
 * Takes the memory of one endpoint's received frames, on JeroMQ's I/O thread. When that
 * fails with an {@link Error} (out of memory, above all), it names the endpoint
 * ({@link IoThreadCulprit}) before letting the error go on, so that the starter can keep
 * the I/O thread running and reopen this endpoint's socket instead of losing every socket
 * of the context.
 */
final class FrameMemory {

	private final String endpoint;

	private final MsgAllocator allocator;

	FrameMemory(String endpoint, MsgAllocator allocator) {
		this.endpoint = endpoint;
		this.allocator = allocator;
	}

	Msg allocate(int size) {
		try {
			return this.allocator.allocate(size);
		}
		catch (Error ex) {
			IoThreadCulprit.blame(this.endpoint);
			throw ex;
		}
	}

}
