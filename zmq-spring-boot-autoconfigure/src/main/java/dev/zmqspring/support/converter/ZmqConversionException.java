package dev.zmqspring.support.converter;

import dev.zmqspring.core.ZmqException;
import org.jspecify.annotations.Nullable;

/**
 * A payload could not be converted to or from frame bytes.
 */
public class ZmqConversionException extends ZmqException {

	private static final long serialVersionUID = 1L;

	public ZmqConversionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
