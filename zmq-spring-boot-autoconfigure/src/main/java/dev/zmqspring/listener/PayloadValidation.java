package dev.zmqspring.listener;

import java.lang.annotation.Annotation;
import java.util.LinkedHashMap;

import dev.zmqspring.support.ZmqMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

/**
 * Validates a listener's payload annotated with {@code @Valid} or {@code @Validated}, as
 * Spring's messaging handler methods do: a payload that fails is a
 * {@link MethodArgumentNotValidException}, handed to the error handler (and answered
 * {@code BAD_REQUEST} on REP and ROUTER endpoints); the method is not called.
 */
final class PayloadValidation {

	private final MethodParameter parameter;

	private final Validator validator;

	private final Object[] hints;

	private PayloadValidation(MethodParameter parameter, Validator validator, Object[] hints) {
		this.parameter = parameter;
		this.validator = validator;
		this.hints = hints;
	}

	/**
	 * The validation of a parameter, or {@code null} when it asks for none.
	 * @throws IllegalStateException when it asks for validation and there is no validator
	 */
	static @Nullable PayloadValidation of(MethodParameter parameter, @Nullable Validator validator, String where) {
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			Object[] hints = ValidationAnnotationUtils.determineValidationHints(annotation);
			if (hints != null) {
				if (validator == null) {
					throw new IllegalStateException("@ZmqListener method " + where + ": parameter '"
							+ parameter.getParameterName() + "' is to be validated (@"
							+ annotation.annotationType().getSimpleName() + "), but no Validator was given: the"
							+ " application has none (add spring-boot-starter-validation, or declare a Validator"
							+ " bean), or the listener was built without one");
				}
				return new PayloadValidation(parameter, validator, hints);
			}
		}
		return null;
	}

	/**
	 * Validates a payload.
	 * @return the payload
	 * @throws MethodArgumentNotValidException when it is not valid
	 */
	@Nullable Object validate(@Nullable Object payload, ZmqMessage message) {
		if (payload == null) {
			return null;
		}
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(payload,
				String.valueOf(this.parameter.getParameterName()));
		if (!this.validator.supports(payload.getClass())) {
			return payload;
		}
		if (this.hints.length > 0 && this.validator instanceof SmartValidator smart) {
			smart.validate(payload, errors, this.hints);
		}
		else {
			this.validator.validate(payload, errors);
		}
		if (errors.hasErrors()) {
			throw new PayloadNotValidException(
					new GenericMessage<>(payload, new LinkedHashMap<String, Object>(message.getHeaders().asMap())),
					this.parameter, errors);
		}
		return payload;
	}

}
