package dev.zmqspring.security;

import dev.zmqspring.core.ZmqException;
import org.jspecify.annotations.Nullable;

/**
 * A security setting that cannot work: a malformed or missing key, a secured server
 * without an allow-list, or a second authenticator in the same context. Messages name the
 * setting and the fix, never a key's value.
 */
public class ZmqSecurityException extends ZmqException {

	private static final long serialVersionUID = 1L;

	public ZmqSecurityException(String message) {
		super(message);
	}

	public ZmqSecurityException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
