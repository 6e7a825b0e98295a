package dev.zmqspring.core;

/**
 * Reopens the socket of an endpoint's sender on the sender's own thread, for
 * {@link IoThreadFailures}: the sender stays the same object (the template, publisher
 * interfaces and the outbox keep using it), its queued messages are sent on the new
 * socket, and a bound sender keeps its ports. Requests in flight on the old socket get no
 * reply: they time out, or are sent again where retries are set.
 * <p>
 * Internal: not for application code.
 */
public final class SenderReopener implements EndpointReopener {

	private final ZmqSenderRegistry registry;

	/**
	 * @param registry the senders
	 */
	public SenderReopener(ZmqSenderRegistry registry) {
		this.registry = registry;
	}

	@Override
	public boolean reopen(String endpoint, Runnable done) {
		SocketOwner sender = this.registry.opened(endpoint);
		if (sender == null || !sender.getActivity().isTracked()) {
			// Not a sender, or no connection to close underneath JeroMQ (a customizer's
			// own monitor hides them): the half-read one would be read again.
			return false;
		}
		// The frame may have been for a calling thread's own socket
		// (socket-per-thread): their connections go too, and they reconnect.
		sender.closeThreadSocketConnections();
		sender.getActivity().closeConnections();
		if (sender.requestReopen(done)) {
			return true;
		}
		if (sender.reopenRequested()) {
			// Failed again before the socket was reopened: its connections are closed
			// again, and the reopening under way goes on.
			done.run();
			return true;
		}
		return false;
	}

}
