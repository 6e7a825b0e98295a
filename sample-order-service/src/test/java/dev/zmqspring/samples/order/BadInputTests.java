package dev.zmqspring.samples.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.test.AutoConfigureZmqTest;
import dev.zmqspring.test.ZmqTestClient;
import dev.zmqspring.test.ZmqTestGroupMember;
import dev.zmqspring.test.ZmqTestPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The edges a user tried on the order service's API, each answered with a problem detail
 * that says which field and what is wrong, and each leaving no trace: no row in the
 * database, no message in the outbox, nothing published. The service runs as
 * {@code ./run-samples.sh} starts it (its {@code order-service.yml}, a real HTTP port),
 * with an H2 database in memory and its sockets on {@code inproc}
 * ({@link AutoConfigureZmqTest}); the test stands in for inventory with a member of the
 * e-mail group of {@code user.registered} and a peer of the orders, and the last test
 * checks that the first messages those two receive are from the good requests sent after
 * all the bad ones.
 */
@SpringBootTest(useMainMethod = UseMainMethod.ALWAYS, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:orders-bad-input;DB_CLOSE_DELAY=-1")
@AutoConfigureZmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class BadInputTests {

	private static final String JSON_TYPE = "application/json";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ReliableDeliveryRegistry reliable;

	@Autowired
	DurableTopics topics;

	@Autowired
	ZmqTestClient client;

	private HttpJson http;

	private ZmqTestGroupMember events;

	private ZmqTestPeer orders;

	private long user;

	@BeforeAll
	void connectAsInventoryAndRegisterAUser() {
		this.http = new HttpJson(this.port);
		this.events = this.client.groupMember("events", "email");
		this.orders = this.client.peer("orders-out");

		HttpJson.Response registered = this.http.post("/api/users", registration());
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		this.user = registered.json().get("id").asLong();
		// Its event is out, and the group gets it.
		assertThat(userId(this.events.receive(JsonNode.class))).isEqualTo(this.user);
	}

	@AfterAll
	void close() {
		try {
			this.events.close();
		}
		finally {
			this.orders.close();
		}
	}

	@Test
	void orderOrRegistrationAskingForXmlIsRefusedWith406BeforeAnythingIsStored() {
		JsonNode order = refused(406, () -> this.http.post("/api/orders", order("2"), "Content-Type", JSON_TYPE,
				"Accept", "application/xml"));
		assertThat(order.get("detail").asString()).contains(JSON_TYPE);
		refused(406, () -> this.http.post("/api/users", registration(), "Content-Type", JSON_TYPE, "Accept",
				"application/xml"));
	}

	@Test
	void bodyThatIsNotJsonIsRefusedWith415() {
		refused(415, () -> this.http.post("/api/orders", order("2"), "Content-Type", "text/plain"));
		refused(415, () -> this.http.post("/api/users", registration(), "Content-Type", "application/xml"));
	}

	@Test
	void fractionalNumberIsRefusedNotRoundedDown() {
		assertFieldErrors(refused(400, () -> this.http.post("/api/orders", order("1.5"))),
				"quantity: must be a whole number");
		assertFieldErrors(refused(400, () -> this.http.post("/api/orders", order("2.0"))),
				"quantity: must be a whole number");
		assertFieldErrors(
				refused(400,
						() -> this.http.post("/api/orders",
								"{\"userId\":" + this.user + ".5,\"sku\":\"LAMP-1\",\"quantity\":1}")),
				"userId: must be a whole number");
	}

	@Test
	void numberOutOfRangeNamesTheFieldAndTheRange() {
		assertFieldErrors(refused(400, () -> this.http.post("/api/orders", order("99999999999"))),
				"quantity: must be a whole number from -2147483648 to 2147483647");
		assertFieldErrors(refused(400, () -> this.http.post("/api/orders", order("-99999999999"))),
				"quantity: must be a whole number from -2147483648 to 2147483647");
		assertFieldErrors(
				refused(400,
						() -> this.http.post("/api/orders",
								"{\"userId\":99999999999999999999,\"sku\":\"LAMP-1\",\"quantity\":1}")),
				"userId: must be a whole number from -9223372036854775808 to 9223372036854775807");
	}

	@Test
	void arrayOrSingleValueInsteadOfAnObjectIsRefusedAsSuch() {
		for (String body : new String[] { "[" + order("2") + "]", "[]", "\"an order\"", "42",
				order("2") + " " + order("3") }) {
			JsonNode problem = refused(400, () -> this.http.post("/api/orders", body));
			assertThat(problem.get("detail").asString()).as(body).isEqualTo("The request body must be one JSON object");
			assertFieldErrors(problem, "null: must be one JSON object {...}, not an array or a single value");
		}
		assertFieldErrors(refused(400, () -> this.http.post("/api/users", "[" + registration() + "]")),
				"null: must be one JSON object {...}, not an array or a single value");
	}

	@Test
	void valueOfTheWrongTypeNamesTheFieldAndTheTypeItTakes() {
		assertFieldErrors(
				refused(400,
						() -> this.http.post("/api/orders",
								"{\"userId\":" + this.user + ",\"sku\":[\"LAMP-1\"],\"quantity\":1}")),
				"sku: must be a string");
		assertFieldErrors(refused(400, () -> this.http.post("/api/orders", order("\"two\""))),
				"quantity: must be a whole number");
		assertFieldErrors(refused(400, () -> this.http.post("/api/orders", order("true"))),
				"quantity: must be a whole number");
		assertFieldErrors(
				refused(400, () -> this.http.post("/api/users",
						"{\"name\":{\"first\":\"Ada\"},\"email\":\"ada@example.com\",\"phone\":\"+4412345678\"}")),
				"name: must be a string");
	}

	@Test
	void malformedJsonSaysWhere() {
		JsonNode problem = refused(400, () -> this.http.post("/api/orders", "{\"sku\":\"LAMP-1\","));
		assertThat(problem.get("detail").asString()).isEqualTo("The request body is not valid JSON");
		assertFieldErrors(problem, "null: malformed JSON at line 1, column 17");
		assertFieldErrors(refused(400, () -> this.http.post("/api/users", "{\"name\" \"Ada\"}")),
				"null: malformed JSON at line 1, column 9");
		assertFieldErrors(refused(400, () -> this.http.post("/api/orders", "")), "null: a JSON body is required");
	}

	@Test
	void bodyLargerThanTheLimitIsRefusedWith413WhetherItsLengthIsKnownOrNot() {
		String order = padded(order("2"), 16 * 1024 + 1);
		for (Supplier<HttpJson.Response> post : List.<Supplier<HttpJson.Response>>of(
				() -> this.http.post("/api/orders", order), () -> this.http.postChunked("/api/orders", order),
				() -> this.http.post("/api/users", padded(registration(), 16 * 1024 + 1)),
				() -> this.http.postChunked("/api/users", padded(registration(), 100 * 1024)))) {
			JsonNode problem = refused(413, post);
			assertThat(problem.get("detail").asString()).isEqualTo("The request body is larger than 16384 bytes");
			assertFieldErrors(problem, "null: must be at most 16384 bytes");
		}
	}

	@Test
	@Order(Integer.MAX_VALUE) // after the others: their requests must have sent nothing
								// before these
	void goodRequestsAfterwardsAreStoredAndAreTheFirstMessagesInventoryReceives() {
		Seen before = seen();
		// Just under the limit, the same padding as the body that got 413: the limit is
		// on size, not content.
		HttpJson.Response registered = this.http.post("/api/users", padded(registration(), 16 * 1024));
		assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
		long newUser = registered.json().get("id").asLong();
		HttpJson.Response placed = this.http.postChunked("/api/orders", padded(order("2"), 16 * 1024));
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		long order = placed.json().get("id").asLong();

		assertThat(userId(this.events.receive(JsonNode.class))).as("the next user.registered").isEqualTo(newUser);
		JsonNode sent = this.orders.receive(JsonNode.class);
		assertThat(sent).isNotNull();
		assertThat(sent.get("orderId").asLong()).as("the first order sent").isEqualTo(order);
		Seen after = seen();
		assertThat(after.users()).isEqualTo(before.users() + 1);
		assertThat(after.orders()).isEqualTo(before.orders() + 1);
		// The peer acknowledged the order on receipt: it leaves the outbox.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.reliable.outboxDepth("orders-out")).isEqualTo(before.outbox()));
	}

	private static long userId(JsonNode registered) {
		assertThat(registered).isNotNull();
		return registered.get("userId").asLong();
	}

	/**
	 * Sends a bad request and checks the answer is a problem detail with this status, and
	 * nothing changed.
	 */
	private JsonNode refused(int status, Supplier<HttpJson.Response> request) {
		Seen before = seen();
		HttpJson.Response answer = request.get();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
		assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
		JsonNode problem = answer.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(seen()).as("stored or sent after %s", answer).isEqualTo(before);
		return problem;
	}

	private Seen seen() {
		return new Seen(count("app_user"), count("customer_order"), this.reliable.outboxDepth("orders-out"),
				this.topics.backlog("events", "sms").pending(), this.reliable.statistics("orders-out").getSends());
	}

	private long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

	private String order(String quantity) {
		return "{\"userId\":" + this.user + ",\"sku\":\"LAMP-1\",\"quantity\":" + quantity + "}";
	}

	private static String registration() {
		return "{\"name\":\"Ada\",\"email\":\"ada-" + UUID.randomUUID() + "@example.com\",\"phone\":\"+4412345678\"}";
	}

	/** The same JSON, padded with spaces to this many bytes. */
	private static String padded(String json, int bytes) {
		return " ".repeat(bytes - json.length()) + json;
	}

	private static void assertFieldErrors(JsonNode problem, String... expected) {
		List<String> errors = new ArrayList<>();
		for (JsonNode error : problem.get("errors")) {
			errors.add((error.get("field").isNull() ? "null" : error.get("field").asString()) + ": "
					+ error.get("message").asString());
		}
		assertThat(errors).as(problem.toString()).containsExactly(expected);
	}

	/**
	 * What a bad request must not change.
	 *
	 * @param users rows in {@code app_user}
	 * @param orders rows in {@code customer_order}
	 * @param outbox messages waiting in the outbox of {@code orders-out}
	 * @param eventsSent messages published on {@code events} (kept for the SMS group,
	 * which nobody fetches here)
	 * @param ordersSent messages sent on {@code orders-out}
	 */
	private record Seen(long users, long orders, long outbox, long eventsSent, long ordersSent) {
	}

}
