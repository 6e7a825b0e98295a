package dev.zmqspring.listener;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.validation.BindingResult;

/**
 * A payload that failed validation while the listener's parameters were bound: answered
 * {@code BAD_REQUEST}, unlike a {@link MethodArgumentNotValidException} the method throws
 * itself, which is the method's failure.
 */
final class PayloadNotValidException extends MethodArgumentNotValidException {

	private static final long serialVersionUID = 1L;

	PayloadNotValidException(Message<?> message, MethodParameter parameter, BindingResult bindingResult) {
		super(message, parameter, bindingResult);
	}

}
