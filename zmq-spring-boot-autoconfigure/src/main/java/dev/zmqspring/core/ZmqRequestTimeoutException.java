package dev.zmqspring.core;

/**
 * A request (REQ/DEALER) got no reply within its timeout. A reply that arrives later is
 * discarded, never handed to another request.
 */
public class ZmqRequestTimeoutException extends ZmqException {

	private static final long serialVersionUID = 1L;

	public ZmqRequestTimeoutException(String message) {
		super(message);
	}

}
