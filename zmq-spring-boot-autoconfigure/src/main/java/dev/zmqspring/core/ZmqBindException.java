package dev.zmqspring.core;

/**
 * A socket could not bind or connect its address, for example because the port is taken.
 */
public class ZmqBindException extends ZmqException {

	private static final long serialVersionUID = 1L;

	public ZmqBindException(String message, Throwable cause) {
		super(message, cause);
	}

}
