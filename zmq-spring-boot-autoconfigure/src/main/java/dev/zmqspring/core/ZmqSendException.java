package dev.zmqspring.core;

import org.jspecify.annotations.Nullable;

/**
 * A message was not accepted for sending: the endpoint's queue stayed full for the whole
 * send timeout (no peer connected, or peers too slow), the message is too large, or the
 * endpoint is stopped. Nothing was sent.
 */
public class ZmqSendException extends ZmqException {

	private static final long serialVersionUID = 1L;

	public ZmqSendException(String message) {
		super(message);
	}

	public ZmqSendException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
