package dev.zmqspring.samples.inventory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.samples.inventory.notification.UserRegistered;
import dev.zmqspring.samples.inventory.reservation.OrderPlaced;
import dev.zmqspring.samples.inventory.reservation.OrderResult;
import dev.zmqspring.samples.inventory.stock.StockLevel;
import dev.zmqspring.samples.inventory.stock.StockQuery;
import dev.zmqspring.support.converter.ZmqConversionException;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import dev.zmqspring.support.converter.ZmqMessageConverter.PayloadReader;
import dev.zmqspring.test.AutoConfigureZmqTest;
import dev.zmqspring.test.ZmqListenerTestHarness;
import dev.zmqspring.test.ZmqTestClient;
import dev.zmqspring.test.ZmqTestPeer;
import dev.zmqspring.test.ZmqTestTopicServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The inventory service starts through its main method, reads
 * {@code inventory-service.yml}, seeds its stock and answers on HTTP. Its sockets are on
 * {@code inproc} ({@link AutoConfigureZmqTest}), so that it never talks to a sample
 * running on this machine, and the test plays the order service with
 * {@link ZmqTestClient}. Its bad requests are answered with problem details like the
 * order service's. The end-to-end tests are in the order service module.
 */
@SpringBootTest(useMainMethod = UseMainMethod.ALWAYS, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:inventory-smoke;DB_CLOSE_DELAY=-1")
@AutoConfigureZmqTest
@Timeout(60)
class InventoryServiceApplicationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	ZmqListenerEndpointRegistry listeners;

	@Autowired
	ZmqMessageConverter converter;

	@Autowired
	ZmqTestClient client;

	@Autowired
	ZmqListenerTestHarness harness;

	@Test
	void startsWithItsListenersAndServesTheSeededStock() throws Exception {
		assertThat(this.listeners.getListenerContainerIds()).contains("reservations", "stockQueryListener.stock",
				"email", "sms");
		assertThat(this.listeners.getListenerContainer("reservations").getConcurrency()).isEqualTo(4);
		// The e-mail and the SMS senders: two groups of the order service's durable
		// topic.
		assertThat(this.listeners.getListenerContainer("email").getGroup()).isEqualTo("email");
		assertThat(this.listeners.getListenerContainer("sms").getGroup()).isEqualTo("sms");
		assertThat(this.listeners.getListenerContainer("sms").getConcurrency()).isEqualTo(4);
		HttpResponse<String> stock = get("/api/stock");
		assertThat(stock.statusCode()).isEqualTo(200);
		assertThat(stock.body()).contains("{\"sku\":\"BOOK-1\",\"known\":true,\"available\":100}");
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).startsWith("{").contains("\"status\":\"UP\"");
		assertThat(get("/api/notifications?email=" + UUID.randomUUID() + "@example.com").body()).isEqualTo("[]");
	}

	@Test
	void badRequestsAreProblemDetailsThatNameTheParameterAsTheOrderServiceDoes() throws Exception {
		assertInvalidFields(get("/api/notifications"), "email: is required");
		assertInvalidFields(get("/api/notifications?email="), "email: must not be blank");
		assertInvalidFields(get("/api/notifications?email=not-an-address"),
				"email: must be a well-formed email address");
		JsonNode notAcceptable = problem(get("/api/stock", "Accept", "application/xml"), 406);
		assertThat(notAcceptable.get("detail").asString()).contains("application/json");
		problem(get("/api/no-such-thing"), 404);
	}

	@Test
	void aStockQueryWithoutASkuIsABadRequestAndTheNextIsAnswered() {
		try (ZmqTestPeer orderService = this.client.peer("stock-server")) {
			assertThatExceptionOfType(ZmqRemoteException.class)
				.isThrownBy(() -> orderService.request(new StockQuery(" "), StockLevel.class))
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("BAD_REQUEST"))
				.withMessageContaining("sku");
			assertThat(orderService.request(new StockQuery("NO-SUCH-SKU"), StockLevel.class))
				.isEqualTo(new StockLevel("NO-SUCH-SKU", false, 0));
		}
	}

	@Test
	void aRegistrationOfTheOrderServicesDurableTopicSendsTheEmailAndTheSmsInParallel() throws Exception {
		String email = "cy-" + UUID.randomUUID() + "@example.com";
		try (ZmqTestTopicServer orderService = this.client.topicServer("user-events")) {
			assertThat(orderService.getGroups()).containsExactlyInAnyOrder("email", "sms");
			// Returns once both groups acknowledged it: both notifications are stored.
			orderService.publish("user.registered",
					new UserRegistered(31, "Cy", email, "+441234567892", System.currentTimeMillis()));
		}
		// Sent in parallel: the e-mail (1 s) and the SMS (0.7 s) ran at the same time.
		assertThat(this.harness.awaitInvocation("email").overlaps(this.harness.awaitInvocation("sms"))).isTrue();
		assertThat(get("/api/notifications?email=" + email).body()).contains("EMAIL").contains("SMS");
	}

	@Test
	void anOrderIsReservedAndItsResultSentBackAtLeastOnce() {
		try (ZmqTestPeer orders = this.client.peer("orders-in");
				ZmqTestPeer results = this.client.peer("order-results-out")) {
			// Returns once inventory has acknowledged it: reserved and recorded.
			orders.send(new OrderPlaced(4711, "MUG-1", 1));
			assertThat(this.harness.awaitInvocation("reservations").getArgument(OrderPlaced.class))
				.isEqualTo(new OrderPlaced(4711, "MUG-1", 1));
			// Acknowledged on receipt, so inventory's outbox lets it go.
			assertThat(results.receive(OrderResult.class)).isEqualTo(new OrderResult(4711, "RESERVED", null));
		}
	}

	@Test
	void orderFromTheWireWithAFractionalQuantityIsRefusedNotRoundedDown() {
		PayloadReader reader = this.converter.readerFor(OrderPlaced.class);
		assertThat(reader.read("{\"orderId\":1,\"sku\":\"BOOK-1\",\"quantity\":2}".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(new OrderPlaced(1, "BOOK-1", 2));
		assertThatExceptionOfType(ZmqConversionException.class)
			.isThrownBy(() -> reader
				.read("{\"orderId\":1,\"sku\":\"BOOK-1\",\"quantity\":1.5}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("Floating-point value (1.5)");
	}

	private static void assertInvalidFields(HttpResponse<String> answer, String... expected) {
		JsonNode problem = problem(answer, 400);
		assertThat(problem.get("detail").asString()).isEqualTo("The request has invalid fields");
		List<String> errors = new ArrayList<>();
		for (JsonNode error : problem.get("errors")) {
			errors.add(error.get("field").asString() + ": " + error.get("message").asString());
		}
		assertThat(errors).as(answer.body()).containsExactly(expected);
	}

	private static JsonNode problem(HttpResponse<String> answer, int status) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
		assertThat(answer.headers().firstValue("Content-Type")).as(answer.body())
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		return problem;
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		return HttpClient.newHttpClient()
			.send((headers.length > 0 ? request.headers(headers) : request).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
