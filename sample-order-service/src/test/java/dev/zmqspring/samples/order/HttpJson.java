package dev.zmqspring.samples.order;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON client for one service's HTTP port, as curl would use it.
 */
final class HttpJson {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String base;

	HttpJson(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	Response post(String path, String body) {
		return post(path, body, "Content-Type", "application/json");
	}

	/**
	 * Posts with the headers given as name, value, name, value ... (none added: give the
	 * {@code Content-Type}).
	 */
	Response post(String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return send(headers.length > 0 ? request.headers(headers) : request);
	}

	/**
	 * Posts JSON without a {@code Content-Length}: the body goes in chunks, as a
	 * streaming client sends it.
	 */
	Response postChunked(String path, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
	}

	private Response send(HttpRequest.Builder request) {
		long started = System.nanoTime();
		try {
			HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.body(), elapsed, System.currentTimeMillis());
		}
		catch (IOException ex) {
			throw new IllegalStateException("HTTP call to " + this.base + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param contentType the {@code Content-Type} of the answer, or {@code null}
	 * @param body the body as text
	 * @param elapsed how long the call took
	 * @param receivedAt when the answer was complete (epoch milliseconds)
	 */
	record Response(int status, String contentType, String body, Duration elapsed, long receivedAt) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
