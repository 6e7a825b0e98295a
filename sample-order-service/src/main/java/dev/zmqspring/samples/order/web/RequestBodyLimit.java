package dev.zmqspring.samples.order.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses a {@code @RequestBody} larger than {@code api.max-request-body} (16KB unless
 * configured), before anything is bound, let alone stored: at once when the
 * {@code Content-Length} says so, and otherwise (a chunked body) as soon as one byte more
 * has been read. {@link ApiExceptionHandler} answers 413. Tomcat has no such limit for a
 * JSON body: {@code server.tomcat.max-http-form-post-size} applies to forms only.
 */
@ControllerAdvice
class RequestBodyLimit extends RequestBodyAdviceAdapter {

	private final long maxBytes;

	RequestBodyLimit(@Value("${api.max-request-body:16KB}") DataSize maxRequestBody) {
		this.maxBytes = maxRequestBody.toBytes();
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
		if (message.getHeaders().getContentLength() > this.maxBytes) {
			throw new RequestBodyTooLargeException(this.maxBytes);
		}
		InputStream body = new LimitedInputStream(message.getBody(), this.maxBytes);
		return new HttpInputMessage() {

			@Override
			public InputStream getBody() {
				return body;
			}

			@Override
			public HttpHeaders getHeaders() {
				return message.getHeaders();
			}

		};
	}

	/** Counts what is read and fails once it is more than the limit. */
	private static final class LimitedInputStream extends FilterInputStream {

		private final long maxBytes;

		private long read;

		LimitedInputStream(InputStream in, long maxBytes) {
			super(in);
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = super.skip(n);
			count(skipped);
			return skipped;
		}

		@Override
		public boolean markSupported() {
			return false;
		}

		private void count(long bytes) throws RequestBodyTooLargeException {
			this.read += bytes;
			if (this.read > this.maxBytes) {
				throw new RequestBodyTooLargeException(this.maxBytes);
			}
		}

	}

}
