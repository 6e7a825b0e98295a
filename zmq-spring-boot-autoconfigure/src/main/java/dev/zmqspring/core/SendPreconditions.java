package dev.zmqspring.core;

import org.jspecify.annotations.Nullable;

/**
 * Checks a message before it is queued, so that the caller learns at once what would
 * otherwise fail later on another thread.
 */
final class SendPreconditions {

	private SendPreconditions() {
	}

	static void check(SocketOwner owner, byte[][] frames) {
		ZmqEndpoint endpoint = owner.getEndpoint();
		if (owner.isStopping()) {
			throw stopped(endpoint);
		}
		long limit = endpoint.settings().maxMessageSize();
		for (byte[] frame : frames) {
			if (limit > 0 && frame.length > limit) {
				String problem = "Endpoint '" + endpoint.name() + "': a frame of " + frame.length
						+ " bytes is over the maximum message size of " + limit + " bytes";
				owner.getStatistics().sendFailed(problem);
				throw new ZmqSendException(problem + "; raise zmq.socket.max-message-size (or zmq.endpoints."
						+ endpoint.name() + ".socket.max-message-size) on both sender and receiver");
			}
		}
	}

	/**
	 * The failure of a send that waited the whole send timeout for room; counted.
	 */
	static ZmqSendException noPeerTookIt(ZmqEndpoint endpoint, EndpointStatistics statistics) {
		java.time.Duration timeout = endpoint.settings().sendTimeout();
		String problem = "Endpoint '" + endpoint.name() + "' (" + endpoint.describe() + ") could not send for "
				+ timeout + ": no peer is taking messages (none connected, or all at their high-water mark)";
		statistics.sendFailed(problem);
		return new ZmqSendException(problem + "; start a peer, or raise zmq.endpoints." + endpoint.name()
				+ ".socket.send-timeout / send-high-water-mark");
	}

	/**
	 * The failure of a send whose thread was interrupted while it waited for room (the
	 * interrupt is kept).
	 */
	static ZmqSendException interrupted(ZmqEndpoint endpoint, @Nullable Throwable cause) {
		return new ZmqSendException("Interrupted while waiting to send on endpoint '" + endpoint.name() + "'", cause);
	}

	/** The failure of a send on an endpoint that is stopping or stopped. */
	static ZmqSendException stopped(ZmqEndpoint endpoint) {
		return new ZmqSendException("Endpoint '" + endpoint.name() + "' is stopped; nothing was sent");
	}

}
