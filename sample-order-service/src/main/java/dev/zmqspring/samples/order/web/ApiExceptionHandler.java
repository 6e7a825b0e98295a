package dev.zmqspring.samples.order.web;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqSendException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns failures into problem details ({@code application/problem+json}, RFC 9457): bad
 * input into 400 with an {@code errors} list of {@code {field, message}} that names the
 * field and what is wrong with it, a body over {@code api.max-request-body} into 413, and
 * an unreachable inventory into 503. Every one of them is answered before anything is
 * stored or sent. (406 and 415 come from the base class, also before the controller runs:
 * the controllers declare what they consume and produce.)
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(ApiExceptionHandler.class);

	private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(Integer.class, int.class, Long.class, long.class,
			Short.class, short.class, Byte.class, byte.class, BigInteger.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(new InvalidField(error.getField(), String.valueOf(error.getDefaultMessage())));
		}
		errors.sort(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has invalid fields");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = cause(ex, RequestBodyTooLargeException.class);
		if (tooLarge != null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
					tooLarge.getMessage());
			problem.setProperty("errors",
					List.of(new InvalidField(null, "must be at most " + tooLarge.getLimit() + " bytes")));
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		JacksonException json = cause(ex, JacksonException.class);
		String wrongValue = (json != null) ? wrongValue(json) : null;
		if (wrongValue != null && !json.getPath().isEmpty()) {
			problem.setDetail("The request has invalid fields");
			problem.setProperty("errors", List.of(new InvalidField(fieldPath(json), wrongValue)));
		}
		else if (wrongValue != null) {
			// The body as a whole has the wrong shape: an array, a string, a number, or
			// more than one value.
			problem.setDetail("The request body must be one JSON object");
			problem.setProperty("errors",
					List.of(new InvalidField(null, "must be one JSON object {...}, not an array or a single value")));
		}
		else if (json != null) {
			TokenStreamLocation location = json.getLocation();
			problem.setDetail("The request body is not valid JSON");
			problem.setProperty("errors", List.of(new InvalidField(null, "malformed JSON" + ((location != null)
					? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : ""))));
		}
		else {
			problem.setDetail("The request body is missing or cannot be read");
			problem.setProperty("errors", List.of(new InvalidField(null, "a JSON body is required")));
		}
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/** Inventory did not answer in time: it is down, or too busy. */
	@ExceptionHandler(ZmqRequestTimeoutException.class)
	ProblemDetail inventoryUnavailable(ZmqRequestTimeoutException ex) {
		log.warn("Inventory did not answer: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Inventory did not answer in time; it may be down. Try again shortly.");
		problem.setTitle("Inventory unavailable");
		problem.setProperty("error", "inventory_unavailable");
		return problem;
	}

	/** The request could not even be queued (the socket's queue is full). */
	@ExceptionHandler(ZmqSendException.class)
	ProblemDetail inventoryOverloaded(ZmqSendException ex) {
		log.warn("Request to inventory not sent: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Inventory cannot take requests right now. Try again shortly.");
		problem.setTitle("Inventory unavailable");
		problem.setProperty("error", "inventory_unavailable");
		return problem;
	}

	/** Inventory answered with an error. */
	@ExceptionHandler(ZmqRemoteException.class)
	ProblemDetail inventoryFailed(ZmqRemoteException ex) {
		log.warn("Inventory failed: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				"Inventory could not answer the query.");
		problem.setTitle("Inventory error");
		problem.setProperty("error", "inventory_error");
		return problem;
	}

	private static String fieldPath(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	/**
	 * What is wrong with a value that is valid JSON but not what the field takes;
	 * {@code null} for broken JSON.
	 */
	private static String wrongValue(JacksonException ex) {
		if (ex instanceof InputCoercionException coercion) {
			return outOfRange(coercion.getTargetType());
		}
		if (ex instanceof MismatchedInputException mismatch) {
			return "must be " + describe(mismatch.getTargetType());
		}
		return null;
	}

	private static String describe(Class<?> type) {
		if (type == null) {
			return "of another type";
		}
		if (WHOLE_NUMBERS.contains(type)) {
			return "a whole number";
		}
		if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
			return "a number";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.toString(type.getEnumConstants());
		}
		return "a JSON object";
	}

	private static String outOfRange(Class<?> type) {
		if (type == Integer.class || type == int.class) {
			return "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
		}
		if (type == Long.class || type == long.class) {
			return "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
		}
		return "is out of range";
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * One entry of the {@code errors} list.
	 *
	 * @param field the field's name ({@code null} for the body as a whole)
	 * @param message what is wrong with it
	 */
	record InvalidField(String field, String message) {
	}

}
