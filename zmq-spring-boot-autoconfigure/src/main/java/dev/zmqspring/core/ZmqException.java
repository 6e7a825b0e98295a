package dev.zmqspring.core;

import org.jspecify.annotations.Nullable;

/**
 * Base class of the starter's runtime exceptions.
 */
public class ZmqException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ZmqException(String message) {
		super(message);
	}

	public ZmqException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
