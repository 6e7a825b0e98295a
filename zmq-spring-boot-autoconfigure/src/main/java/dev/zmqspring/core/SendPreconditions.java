package dev.zmqspring.core;

/**
 * Checks a message before it is queued, so that the caller learns at once what would otherwise fail later on
 * another thread.
 */
final class SendPreconditions {

	private SendPreconditions() {
	}

	static void check(SocketOwner owner, byte[][] frames) {
		ZmqEndpoint endpoint = owner.getEndpoint();
		if (owner.isStopping()) {
			throw new ZmqSendException("Endpoint '" + endpoint.name() + "' is stopped; nothing was sent");
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

}
