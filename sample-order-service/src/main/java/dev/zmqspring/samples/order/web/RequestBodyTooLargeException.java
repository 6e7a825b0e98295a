package dev.zmqspring.samples.order.web;

import java.io.IOException;

/**
 * A request body is larger than {@code api.max-request-body}. An {@link IOException}, so
 * that it ends the reading of the body wherever it is thrown; {@link ApiExceptionHandler}
 * answers it with 413.
 */
class RequestBodyTooLargeException extends IOException {

	private final long limit;

	RequestBodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes");
		this.limit = limit;
	}

	/** The limit in bytes. */
	long getLimit() {
		return this.limit;
	}

}
