package dev.zmqspring.security;

import java.util.concurrent.atomic.AtomicLong;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketCustomizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.ZMQ;
import zmq.Msg;
import zmq.msg.MsgAllocator;

/**
 * Keeps a socket alive when a peer sends a ZMTP frame with a negative length (JeroMQ 0.6.0, issue #1005).
 * <p>
 * JeroMQ reads a frame's 8-byte length as a signed number, lets a negative one pass the maximum-size check and
 * allocates a message of that size: the {@code NegativeArraySizeException} ends the context's I/O thread, after which
 * no socket on it receives anything from anyone. One unauthenticated TCP packet does it, even to a CURVE socket
 * (frames are decoded during the handshake too). The fix exists only on JeroMQ's master branch.
 * <p>
 * The decoder takes every message buffer from the socket's {@link MsgAllocator}, so this customizer gives every
 * network socket an allocator that answers a negative size with an empty command message instead: JeroMQ's
 * handshake rejects it as a malformed command (and drops the peer), and after the handshake the engine discards
 * command messages, so nothing reaches the application. Every other size is allocated as JeroMQ would. Each such
 * frame is logged and counted ({@link #getNegativeFrames()}).
 */
public final class MalformedFrameGuard implements ZmqSocketCustomizer {

	private static final Log logger = LogFactory.getLog(MalformedFrameGuard.class);

	private final AtomicLong negativeFrames = new AtomicLong();

	@Override
	public void customize(ZmqEndpoint endpoint, ZMQ.Socket socket) {
		if (endpoint.addresses().stream().allMatch(address -> address.startsWith("inproc://"))) {
			// inproc:// carries messages, not bytes: no decoder runs.
			return;
		}
		socket.setMsgAllocator(new GuardedAllocator(endpoint.name(), this.negativeFrames));
	}

	/** How many frames with a negative length peers have sent since startup, over all endpoints. */
	public long getNegativeFrames() {
		return this.negativeFrames.get();
	}

	/** Runs on JeroMQ's I/O thread: allocates, counts and logs, never throws. */
	private static final class GuardedAllocator implements MsgAllocator {

		private final String endpoint;

		private final AtomicLong negativeFrames;

		GuardedAllocator(String endpoint, AtomicLong negativeFrames) {
			this.endpoint = endpoint;
			this.negativeFrames = negativeFrames;
		}

		@Override
		public Msg allocate(int size) {
			if (size >= 0) {
				return zmq.ZMQ.DEFAULT_MSG_ALLOCATOR.allocate(size);
			}
			this.negativeFrames.incrementAndGet();
			logger.warn("Endpoint '" + this.endpoint + "' received a frame with a negative length (" + size
					+ ") from a peer; the frame is discarded and the socket keeps serving its other peers");
			Msg discarded = new Msg(0);
			discarded.setFlags(Msg.COMMAND);
			return discarded;
		}

	}

}
