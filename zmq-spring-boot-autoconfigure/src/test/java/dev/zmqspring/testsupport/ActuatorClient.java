package dev.zmqspring.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls a running application's Actuator endpoints over HTTP, as an operator or a
 * Kubernetes probe would.
 */
public final class ActuatorClient {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String base;

	public ActuatorClient(int port) {
		this.base = "http://127.0.0.1:" + port + "/actuator";
	}

	/** GET, whatever the status (health answers 503 when DOWN). */
	public Response get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	/** POST without a body. */
	public Response post(String path) {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	/** The JSON body of a GET. */
	public JsonNode json(String path) {
		return get(path).body();
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			return new Response(response.statusCode(), body,
					(body == null || body.isBlank()) ? null : this.json.readTree(body));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Actuator call failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status code
	 * @param text the body as text
	 * @param body the body as JSON, or {@code null} when empty
	 */
	public record Response(int status, String text, JsonNode body) {
	}

}
