package dev.zmqspring.samples.order;

import java.time.Duration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.samples.inventory.InventoryServiceApplication;
import dev.zmqspring.samples.inventory.reservation.ReservationRepository;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both services in one JVM, each in its own Spring context with its own ZeroMQ context
 * and its own H2 database, talking over TCP on 127.0.0.1 exactly as the two processes of
 * the demo do. The order service binds its sockets on ports chosen by the OS; inventory
 * connects to the addresses read back from it.
 * <p>
 * The test that stops and restarts inventory runs last, so that the others see both
 * services as they started.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class OrderInventoryEndToEndTests {

	private static final AtomicInteger users = new AtomicInteger();

	/**
	 * In memory, kept while the JVM runs: a restarted inventory finds its stock, ids and
	 * outbox, as with a file.
	 */
	private final String inventoryDatabase = "jdbc:h2:mem:inventory-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private ConfigurableApplicationContext orders;

	private ConfigurableApplicationContext inventory;

	private HttpJson orderHttp;

	private HttpJson inventoryHttp;

	private List<String> inventoryArguments;

	/** The order service's finished spans, next to its log exporter. */
	private final InMemorySpanExporter orderSpans = InMemorySpanExporter.create();

	/** Inventory's finished spans, over its restarts. */
	private final InMemorySpanExporter inventorySpans = InMemorySpanExporter.create();

	@BeforeAll
	@Timeout(120)
	void startBothServices() {
		this.orders = OrderServiceApplication.application()
			.initializers(spans(this.orderSpans))
			.run("--server.port=0",
					"--spring.datasource.url=jdbc:h2:mem:orders-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
					"--zmq.endpoints.events.bind=tcp://127.0.0.1:*",
					"--zmq.endpoints.orders-out.bind=tcp://127.0.0.1:*",
					"--zmq.endpoints.order-results-in.bind=tcp://127.0.0.1:*",
					"--zmq.endpoints.stock.bind=tcp://127.0.0.1:*", "--zmq.reliable.ack-timeout=1s",
					"--zmq.reliable.max-backoff=500ms", "--zmq.reliable.poll-interval=200ms");
		this.orderHttp = new HttpJson(port(this.orders));
		ZmqSenderRegistry senders = this.orders.getBean(ZmqSenderRegistry.class);
		ZmqListenerEndpointRegistry listeners = this.orders.getBean(ZmqListenerEndpointRegistry.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !listeners.getListenerContainer("order-results").getAddresses().isEmpty());
		String events = listeners.getListenerContainer("zmq-topic-events").getAddresses().get(0);
		this.inventoryArguments = List.of("--server.port=0", "--spring.datasource.url=" + this.inventoryDatabase,
				"--zmq.endpoints.orders-in.connect=" + senders.sender("orders-out").getAddresses().get(0),
				"--zmq.endpoints.order-results-out.connect="
						+ listeners.getListenerContainer("order-results").getAddresses().get(0),
				"--zmq.endpoints.stock-server.connect=" + senders.sender("stock").getAddresses().get(0),
				"--zmq.endpoints.user-events.connect=" + events, "--inventory.seed.E2E-SCARCE=3",
				"--inventory.seed.E2E-BATCH=25", "--inventory.seed.E2E-PLENTY=1000", "--zmq.reliable.ack-timeout=1s",
				"--zmq.reliable.max-backoff=500ms", "--zmq.reliable.poll-interval=200ms");
		startInventory();
	}

	@AfterAll
	@Timeout(60)
	void stopBothServices() {
		if (this.inventory != null) {
			this.inventory.close();
		}
		if (this.orders != null) {
			this.orders.close();
		}
	}

	@Test
	@Order(1)
	void registrationAnswersOnceStoredAndEmailAndSmsGoOutInParallelAfterwards() {
		String email = "ada-" + UUID.randomUUID() + "@example.com";
		HttpJson.Response answer = this.orderHttp.post("/api/users",
				"{\"name\":\"Ada\",\"email\":\"" + email + "\",\"phone\":\"+4412345678\"}");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		assertThat(answer.json().get("id").asLong()).isPositive();

		String path = "/api/notifications?email=" + email;
		await().atMost(Duration.ofSeconds(15)).until(() -> this.inventoryHttp.get(path).json().size() == 2);
		JsonNode notifications = this.inventoryHttp.get(path).json();
		JsonNode emailSent = channel(notifications, "EMAIL");
		JsonNode smsSent = channel(notifications, "SMS");
		assertThat(emailSent.get("recipient").asString()).isEqualTo(email);
		assertThat(smsSent.get("recipient").asString()).isEqualTo("+4412345678");
		// The answer came before either message was sent: the user did not wait for them.
		assertThat(answer.receivedAt()).isLessThan(epochMillis(emailSent, "finishedAt"))
			.isLessThan(epochMillis(smsSent, "finishedAt"));
		// Both were being sent at the same time: in parallel, not one after the other.
		assertThat(epochMillis(emailSent, "startedAt")).isLessThan(epochMillis(smsSent, "finishedAt"));
		assertThat(epochMillis(smsSent, "startedAt")).isLessThan(epochMillis(emailSent, "finishedAt"));
		// And each went out once.
		assertThat(this.inventoryHttp.get(path).json().size()).isEqualTo(2);
	}

	@Test
	@Order(2)
	void ordersAreReservedWhileStockLastsAndRejectedWithAReasonOtherwise() {
		long user = registerUser();
		long first = placeOrder(user, "E2E-SCARCE", 2);
		assertThat(awaitFinal(first).get("status").asString()).isEqualTo("RESERVED");
		long tooMany = placeOrder(user, "E2E-SCARCE", 2);
		JsonNode rejected = awaitFinal(tooMany);
		assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
		assertThat(rejected.get("reason").asString()).isEqualTo("only 1 of E2E-SCARCE left, 2 ordered");
		long last = placeOrder(user, "E2E-SCARCE", 1);
		assertThat(awaitFinal(last).get("status").asString()).isEqualTo("RESERVED");
		JsonNode unknown = awaitFinal(placeOrder(user, "E2E-NO-SUCH-SKU", 1));
		assertThat(unknown.get("status").asString()).isEqualTo("REJECTED");
		assertThat(unknown.get("reason").asString()).isEqualTo("unknown SKU E2E-NO-SUCH-SKU");

		HttpJson.Response missing = this.orderHttp.get("/api/orders/987654321");
		assertThat(missing.status()).isEqualTo(404);
		ReservationRepository reservations = this.inventory.getBean(ReservationRepository.class);
		for (long order : new long[] { first, tooMany, last }) {
			assertThat(reservations.timesProcessed(order)).as("order %d", order).isEqualTo(1);
		}
	}

	@Test
	@Order(3)
	void stockQueriesAreAnsweredByInventoryOverRequestReply() {
		HttpJson.Response plenty = this.orderHttp.get("/api/stock/E2E-PLENTY");
		assertThat(plenty.status()).as(plenty.toString()).isEqualTo(200);
		assertThat(plenty.json().get("available").asInt()).isEqualTo(1000);
		HttpJson.Response unknown = this.orderHttp.get("/api/stock/E2E-NO-SUCH-SKU");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("detail").asString()).isEqualTo("inventory has no SKU E2E-NO-SUCH-SKU");
	}

	@Test
	@Order(4)
	void anOrderIsOneTraceFromItsHttpRequestThroughInventoryAndBack() {
		long user = registerUser();
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		HttpJson.Response answer = this.orderHttp.post("/api/orders",
				"{\"userId\":" + user + ",\"sku\":\"E2E-PLENTY\",\"quantity\":1}", "Content-Type", "application/json",
				"traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		assertThat(awaitFinal(answer.json().get("id").asLong()).get("status").asString()).isEqualTo("RESERVED");

		// The order service: its HTTP request, the order's message stored and sent, and
		// the
		// result applied; inventory: the reservation and its result stored for sending
		// back. All of one trace, the one the HTTP client started.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(spanNames(this.orderSpans, traceId)).contains("http post /api/orders",
					"send orders-out", "dispatch orders-out", "process order-results-in"));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(spanNames(this.inventorySpans, traceId)).contains("process orders-in",
					"send order-results-out", "dispatch order-results-out"));
	}

	@Test
	@Order(4)
	void badInputIsRejectedWithTheFieldErrors() {
		long user = registerUser();
		String truncated = "{\"userId\":" + user + ",\"sku\":\"E2E-PLENTY\",";
		assertBadOrder(truncated, null, "malformed JSON at line 1, column " + (truncated.length() + 1));
		assertBadOrder("", null, "a JSON body is required");
		assertBadOrder("{}", "quantity", "must not be null", "sku", "must not be blank", "userId", "must not be null");
		assertBadOrder("{\"userId\":" + user + ",\"sku\":\"E2E-PLENTY\",\"quantity\":0}", "quantity",
				"must be greater than 0");
		assertBadOrder("{\"userId\":" + user + ",\"sku\":\"E2E-PLENTY\",\"quantity\":-3}", "quantity",
				"must be greater than 0");
		assertBadOrder("{\"userId\":" + user + ",\"sku\":\"E2E-PLENTY\",\"quantity\":\"two\"}", "quantity",
				"must be a whole number");
		assertBadOrder("{\"userId\":987654321,\"sku\":\"E2E-PLENTY\",\"quantity\":1}", "userId",
				"no registered user has this id");

		HttpJson.Response badUser = this.orderHttp.post("/api/users",
				"{\"name\":\" \",\"email\":\"not-an-address\",\"phone\":\"12\"}");
		assertThat(badUser.status()).isEqualTo(400);
		assertThat(fieldErrors(badUser.json())).containsExactly("email: must be a well-formed email address",
				"name: must not be blank", "phone: must be 6 to 15 digits, optionally after a +");
		// None of it reached inventory.
		assertThat(this.orderHttp.get("/api/stock/E2E-PLENTY").json().get("available").asInt()).isEqualTo(1000);
	}

	@Test
	@Order(5)
	void ordersPlacedWhileInventoryIsDownAreAcceptedAndEachReachesAFinalStateExactlyOnce() {
		long user = registerUser();
		List<Long> placed = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			placed.add(placeOrder(user, "E2E-BATCH", 1));
		}

		this.inventory.close(); // in the middle of the batch: some orders are still on
								// their way
		for (int i = 0; i < 10; i++) {
			HttpJson.Response accepted = this.orderHttp.post("/api/orders",
					"{\"userId\":" + user + ",\"sku\":\"E2E-BATCH\",\"quantity\":1}");
			assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
			assertThat(accepted.json().get("status").asString()).isEqualTo("PENDING");
			assertThat(accepted.elapsed()).isLessThan(Duration.ofSeconds(2));
			placed.add(accepted.json().get("id").asLong());
		}
		// Users who register now get their e-mail and SMS when inventory is back.
		List<String> registeredWhileDown = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String email = "down-" + i + "-" + UUID.randomUUID() + "@example.com";
			HttpJson.Response registered = this.orderHttp.post("/api/users",
					"{\"name\":\"Grace\",\"email\":\"" + email + "\",\"phone\":\"+4412345678\"}");
			assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
			registeredWhileDown.add(email);
		}
		// Their messages wait in the order service's outbox table, as its actuator
		// endpoint shows.
		assertThat(outboxDepth()).isGreaterThanOrEqualTo(10);
		HttpJson.Response unavailable = this.orderHttp.get("/api/stock/E2E-BATCH");
		assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);
		assertThat(unavailable.json().get("error").asString()).isEqualTo("inventory_unavailable");
		assertThat(unavailable.elapsed()).isLessThan(Duration.ofSeconds(3));

		startInventory();
		for (int i = 0; i < 10; i++) {
			placed.add(placeOrder(user, "E2E-BATCH", 1));
		}

		// 30 orders for 25 units: whatever the order of processing, 25 are reserved and 5
		// rejected, each once.
		List<JsonNode> finals = new ArrayList<>();
		for (long order : placed) {
			finals.add(awaitFinal(order));
		}
		assertThat(finals).filteredOn(order -> order.get("status").asString().equals("RESERVED")).hasSize(25);
		assertThat(finals).filteredOn(order -> order.get("status").asString().equals("REJECTED"))
			.hasSize(5)
			.allSatisfy(order -> assertThat(order.get("reason").asString())
				.isEqualTo("only 0 of E2E-BATCH left, 1 ordered"));
		ReservationRepository reservations = this.inventory.getBean(ReservationRepository.class);
		for (long order : placed) {
			assertThat(reservations.timesProcessed(order)).as("times order %d was processed", order).isEqualTo(1);
		}
		assertThat(this.inventoryHttp.get("/api/reservations/summary").json().get("duplicates").asLong()).isZero();
		await().atMost(Duration.ofSeconds(10)).until(() -> outboxDepth() == 0);

		// 20 e-mails and 20 SMS for the users registered while inventory was down, each
		// exactly once.
		for (String email : registeredWhileDown) {
			String path = "/api/notifications?email=" + email;
			await().atMost(Duration.ofSeconds(30)).until(() -> this.inventoryHttp.get(path).json().size() >= 2);
			JsonNode sent = this.inventoryHttp.get(path).json();
			assertThat(sent).as(email).hasSize(2);
			assertThat(channel(sent, "EMAIL")).isNotNull();
			assertThat(channel(sent, "SMS")).isNotNull();
		}

		// Stock queries work again now that inventory is back.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.orderHttp.get("/api/stock/E2E-BATCH").status() == 200);
		assertThat(this.orderHttp.get("/api/stock/E2E-BATCH").json().get("available").asInt()).isZero();
	}

	private void startInventory() {
		this.inventory = InventoryServiceApplication.application()
			.initializers(spans(this.inventorySpans))
			.run(this.inventoryArguments.toArray(String[]::new));
		this.inventoryHttp = new HttpJson(port(this.inventory));
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> spans(InMemorySpanExporter spans) {
		return (context) -> context.getBeanFactory().registerSingleton("endToEndSpans", spans);
	}

	private static List<String> spanNames(InMemorySpanExporter spans, String traceId) {
		return spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getTraceId().equals(traceId))
			.map(SpanData::getName)
			.toList();
	}

	private static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	private long registerUser() {
		int n = users.incrementAndGet();
		HttpJson.Response answer = this.orderHttp.post("/api/users", "{\"name\":\"User " + n + "\",\"email\":\"user-"
				+ n + "-" + UUID.randomUUID() + "@example.com\",\"phone\":\"+441234567" + n + "\"}");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		return answer.json().get("id").asLong();
	}

	private long placeOrder(long user, String sku, int quantity) {
		HttpJson.Response answer = this.orderHttp.post("/api/orders",
				"{\"userId\":" + user + ",\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}");
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		assertThat(answer.json().get("status").asString()).isEqualTo("PENDING");
		return answer.json().get("id").asLong();
	}

	private JsonNode awaitFinal(long order) {
		String path = "/api/orders/" + order;
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.orderHttp.get(path).json().get("status").asString().equals("PENDING"));
		return this.orderHttp.get(path).json();
	}

	private long outboxDepth() {
		return this.orderHttp.get("/actuator/zmq").json().at("/outbox/orders-out/depth").asLong();
	}

	private void assertBadOrder(String body, String... fieldAndMessage) {
		HttpJson.Response answer = this.orderHttp.post("/api/orders", body);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.body()).as("a problem detail").contains("\"status\":400");
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < fieldAndMessage.length; i += 2) {
			expected.add(fieldAndMessage[i] + ": " + fieldAndMessage[i + 1]);
		}
		assertThat(fieldErrors(answer.json())).as(answer.toString()).containsExactlyElementsOf(expected);
	}

	private static List<String> fieldErrors(JsonNode problem) {
		List<String> errors = new ArrayList<>();
		for (JsonNode error : problem.get("errors")) {
			errors.add((error.get("field").isNull() ? "null" : error.get("field").asString()) + ": "
					+ error.get("message").asString());
		}
		return errors;
	}

	private static JsonNode channel(JsonNode notifications, String channel) {
		for (JsonNode notification : notifications) {
			if (notification.get("channel").asString().equals(channel)) {
				return notification;
			}
		}
		throw new AssertionError("no " + channel + " in " + notifications);
	}

	private static long epochMillis(JsonNode notification, String field) {
		return java.time.Instant.parse(notification.get(field).asString()).toEpochMilli();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
