package dev.zmqspring.core;

/**
 * Base class of the starter's runtime exceptions.
 */
public class ZmqException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ZmqException(String message) {
		super(message);
	}

	public ZmqException(String message, Throwable cause) {
		super(message, cause);
	}

}
