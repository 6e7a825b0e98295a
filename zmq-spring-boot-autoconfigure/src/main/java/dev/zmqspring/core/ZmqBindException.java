package dev.zmqspring.core;

import org.jspecify.annotations.Nullable;

/**
 * A socket could not bind or connect its address, for example because the port is taken.
 */
public class ZmqBindException extends ZmqException {

	private static final long serialVersionUID = 1L;

	public ZmqBindException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
