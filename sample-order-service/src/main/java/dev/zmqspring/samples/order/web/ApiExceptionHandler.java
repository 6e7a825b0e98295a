package dev.zmqspring.samples.order.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns failures into problem details ({@code application/problem+json}): bad input into 400 with an
 * {@code errors} list of {@code {field, message}}, and an unreachable inventory into 503.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(ApiExceptionHandler.class);

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(new InvalidField(error.getField(), String.valueOf(error.getDefaultMessage())));
		}
		errors.sort(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String field = fieldPath(mismatch);
			Class<?> type = mismatch.getTargetType();
			problem.setDetail("The request has invalid fields");
			problem.setProperty("errors", List.of(new InvalidField(field,
					"cannot be read" + ((type != null) ? " as " + describe(type) : ""))));
		}
		else if (cause instanceof JacksonException) {
			problem.setDetail("The request body is not valid JSON");
			problem.setProperty("errors", List.of(new InvalidField(null, "malformed JSON")));
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

	private static String describe(Class<?> type) {
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return "a number";
		}
		if (type == String.class) {
			return "a string";
		}
		return type.getSimpleName();
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
