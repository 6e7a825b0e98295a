package dev.zmqspring.listener;

import dev.zmqspring.support.ZmqMessageFormatException;
import dev.zmqspring.support.converter.ZmqConversionException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The default error handler: logs a warning. Bad input (malformed frames, payloads that
 * do not convert) is logged without a stack trace, as it says nothing about the
 * application's code; a failing listener method is logged with one. The container counts
 * every failure in its statistics.
 */
public class LoggingZmqListenerErrorHandler implements ZmqListenerErrorHandler {

	private static final Log logger = LogFactory.getLog(LoggingZmqListenerErrorHandler.class);

	@Override
	public void handleError(ZmqListenerException exception) {
		Throwable cause = exception.getCause();
		if (cause instanceof ZmqMessageFormatException || cause instanceof ZmqConversionException) {
			logger.warn(exception.getMessage() + ": " + cause.getMessage());
		}
		else {
			logger.warn(exception.getMessage(), cause);
		}
	}

}
