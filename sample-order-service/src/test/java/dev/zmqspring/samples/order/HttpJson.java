package dev.zmqspring.samples.order;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private Response send(HttpRequest.Builder request) {
		long started = System.nanoTime();
		try {
			HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			return new Response(response.statusCode(), response.body(), elapsed, System.currentTimeMillis());
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
	 * @param body the body as text
	 * @param elapsed how long the call took
	 * @param receivedAt when the answer was complete (epoch milliseconds)
	 */
	record Response(int status, String body, Duration elapsed, long receivedAt) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
