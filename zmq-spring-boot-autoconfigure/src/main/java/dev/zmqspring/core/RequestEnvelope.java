package dev.zmqspring.core;

import java.nio.ByteBuffer;
import java.util.List;

import dev.zmqspring.support.ErrorReply;
import org.jspecify.annotations.Nullable;

/**
 * The envelope of a request on a REQ or DEALER endpoint,
 * {@code [request-id][empty][body...]}, which REP and ROUTER servers echo back with the
 * reply; and what a reply's body means to its caller. Shared by the endpoint's thread
 * ({@link RequestReplyClient}) and the calling threads' own sockets
 * ({@link ThreadRequests}), so that both put the same frames on the wire.
 */
final class RequestEnvelope {

	/** What {@link #idOf} gives for frames without the envelope. */
	static final long NO_ID = -1;

	static final byte[] EMPTY = new byte[0];

	private RequestEnvelope() {
	}

	/** The first frame of a request: its id. */
	static byte[] idFrame(long id) {
		return ByteBuffer.allocate(Long.BYTES).putLong(id).array();
	}

	/**
	 * The request id of a reply, or {@link #NO_ID} when its frames do not start with the
	 * envelope.
	 */
	static long idOf(List<byte[]> frames) {
		if (frames.size() < 3 || frames.get(0).length != Long.BYTES || frames.get(1).length != 0) {
			return NO_ID;
		}
		return ByteBuffer.wrap(frames.get(0)).getLong();
	}

	/** What the statistics say of a reply without the envelope, which is discarded. */
	static String withoutEnvelope(List<byte[]> frames) {
		return "A reply without the request-id envelope was discarded (" + frames.size() + " frames)";
	}

	/**
	 * The request id of a reply that was refused unread, or {@link #NO_ID} when the
	 * refusal took the id frame too.
	 */
	static long refusedId(List<byte[]> frames) {
		byte[] id = frames.get(0);
		return (!RefusedFrames.isRefused(id) && id.length == Long.BYTES) ? ByteBuffer.wrap(id).getLong() : NO_ID;
	}

	/** The body of a reply whose envelope {@link #idOf} read. */
	static byte[][] body(List<byte[]> frames) {
		return frames.subList(2, frames.size()).toArray(new byte[0][]);
	}

	/**
	 * The failure a reply's body stands for: the server's error reply; {@code null} for
	 * an answer.
	 */
	static @Nullable ZmqRemoteException failureOf(ZmqEndpoint endpoint, byte[][] body) {
		if (body.length == 1 && ErrorReply.isErrorReply(body[0])) {
			return new ZmqRemoteException(ErrorReply.code(body[0]),
					"Endpoint '" + endpoint.name() + "': the server failed: " + ErrorReply.message(body[0]));
		}
		return null;
	}

	/** What a reply that was refused unread costs the endpoint's statistics. */
	static final String REFUSED = "A reply was refused unread: it did not fit the endpoint's receive-buffer-budget";

	/** The failure of a request whose reply was refused unread. */
	static ZmqException refused(ZmqEndpoint endpoint) {
		return new ZmqException("Endpoint '" + endpoint.name() + "': " + REFUSED + "; raise "
				+ endpoint.settingName("socket.receive-buffer-budget") + ", or receive fewer large replies at once");
	}

	/** The failure of a request that timed out. */
	static ZmqRequestTimeoutException timeout(ZmqEndpoint endpoint, java.time.Duration timeout) {
		return new ZmqRequestTimeoutException("No reply from endpoint '" + endpoint.name() + "' (" + endpoint.describe()
				+ ") within " + timeout + "; the server is down, slow or unreachable." + " Raise zmq.endpoints."
				+ endpoint.name() + ".request-timeout if it is only slow");
	}

	/** The failure of a request whose endpoint stopped before its reply came. */
	static ZmqSendException stopped(ZmqEndpoint endpoint) {
		return new ZmqSendException("Endpoint '" + endpoint.name() + "' was stopped before the reply arrived");
	}

}
