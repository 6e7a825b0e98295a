package dev.zmqspring.samples.inventory.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns failures into problem details ({@code application/problem+json}, RFC 9457), as
 * the order service does: a bad or missing parameter into 400 with an {@code errors} list
 * of {@code {field, message}}; 404, 405 and 406 as the base class words them.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return invalidFields(List.of(new InvalidField(ex.getParameterName(), "is required")), ex, headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach(result -> {
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				errors.add(new InvalidField(result.getMethodParameter().getParameterName(),
						String.valueOf(error.getDefaultMessage())));
			}
		});
		errors.sort(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message));
		return invalidFields(errors, ex, headers, request);
	}

	private ResponseEntity<Object> invalidFields(List<InvalidField> errors, Exception ex, HttpHeaders headers,
			WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has invalid fields");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * One entry of the {@code errors} list.
	 *
	 * @param field the parameter's name
	 * @param message what is wrong with it
	 */
	record InvalidField(String field, String message) {
	}

}
