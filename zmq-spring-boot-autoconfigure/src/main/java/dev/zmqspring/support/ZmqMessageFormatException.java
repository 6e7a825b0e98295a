package dev.zmqspring.support;

import dev.zmqspring.core.ZmqException;
import org.jspecify.annotations.Nullable;

/**
 * A received message does not have the frames its endpoint expects (see the wire format
 * in the README).
 */
public class ZmqMessageFormatException extends ZmqException {

	private static final long serialVersionUID = 1L;

	public ZmqMessageFormatException(String message) {
		super(message);
	}

	public ZmqMessageFormatException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
