package dev.zmqspring.samples.order;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.samples.order.order.OrderPlaced;
import dev.zmqspring.samples.order.order.OrderResult;
import dev.zmqspring.samples.order.order.OrderStatus;
import dev.zmqspring.samples.order.stock.StockLevel;
import dev.zmqspring.test.AutoConfigureZmqTest;
import dev.zmqspring.test.ZmqListenerTestHarness;
import dev.zmqspring.test.ZmqTestGroupMember;
import dev.zmqspring.test.ZmqTestClient;
import dev.zmqspring.test.ZmqTestMessage;
import dev.zmqspring.test.ZmqTestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order service starts through its main method, reads {@code order-service.yml}, and
 * answers on HTTP, with its sockets on {@code inproc} ({@link AutoConfigureZmqTest}): no
 * port to fight over with a sample running on this machine, and the test plays the
 * inventory service with {@link ZmqTestClient}. The end-to-end tests with the real
 * inventory are in {@link OrderInventoryEndToEndTests}.
 */
@SpringBootTest(useMainMethod = UseMainMethod.ALWAYS, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:orders-smoke;DB_CLOSE_DELAY=-1",
				// The test answers the stock queries itself: time enough on a busy
				// machine.
				"zmq.endpoints.stock.request-timeout=10s" })
@AutoConfigureZmqTest
@Timeout(60)
class OrderServiceApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	ZmqSenderRegistry senders;

	@Autowired
	ZmqListenerEndpointRegistry listeners;

	@Autowired
	ZmqTestClient client;

	@Autowired
	ZmqListenerTestHarness harness;

	@Test
	void startsBindsItsSocketsAndAnswersOnHttp() throws Exception {
		assertThat(this.senders.sender("orders-out").getAddresses()).containsExactly("inproc://zmq-test-tcp-5602");
		assertThat(this.senders.sender("stock").getAddresses()).containsExactly("inproc://zmq-test-tcp-5604");
		// The durable topic's address is served by its fetch server.
		assertThat(this.listeners.getListenerContainer("zmq-topic-events").getAddresses())
			.containsExactly("inproc://zmq-test-tcp-5601");
		HttpJson http = new HttpJson(this.port);
		assertThat(http.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
		HttpJson.Response missing = http.get("/api/orders/" + Math.abs(UUID.randomUUID().getMostSignificantBits()));
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json().get("detail").asString()).startsWith("no order with id");
	}

	@Test
	void aStockQueryIsAnsweredByTheInventoryTheTestPlays() throws Exception {
		HttpJson http = new HttpJson(this.port);
		try (ZmqTestPeer inventory = this.client.peer("stock")) {
			CompletableFuture<HttpJson.Response> answer = CompletableFuture
				.supplyAsync(() -> http.get("/api/stock/BOOK-1"));
			ZmqTestMessage query = inventory.receiveMessage();
			assertThat(query.getPayloadAsString()).contains("\"sku\":\"BOOK-1\"");
			inventory.reply(new StockLevel("BOOK-1", true, 7));
			HttpJson.Response stock = answer.get(20, TimeUnit.SECONDS);
			assertThat(stock.status()).as(stock.toString()).isEqualTo(200);
			assertThat(stock.json().get("available").asInt()).isEqualTo(7);
		}
	}

	@Test
	void aRegistrationIsKeptForTheEmailGroupOfTheDurableTopic() {
		HttpJson http = new HttpJson(this.port);
		String email = "bea-" + UUID.randomUUID() + "@example.com";
		HttpJson.Response user = http.post("/api/users",
				"{\"name\":\"Bea\",\"email\":\"" + email + "\",\"phone\":\"+441234567891\"}");
		assertThat(user.status()).as(user.toString()).isEqualTo(201);
		try (ZmqTestGroupMember sender = this.client.groupMember("events", "email")) {
			ZmqTestMessage registered = sender.receiveMessage();
			// Other tests of this class register users too: find this one's.
			for (int i = 0; i < 3 && !registered.getPayloadAsString().contains(email); i++) {
				registered = sender.receiveMessage();
			}
			assertThat(registered.getTopic()).isEqualTo("user.registered");
			assertThat(registered.getPayloadAsString()).contains(email);
		}
	}

	@Test
	void anOrderGoesToInventoryAtLeastOnceAndItsResultIsApplied() {
		HttpJson http = new HttpJson(this.port);
		HttpJson.Response user = http.post("/api/users", "{\"name\":\"Ann\",\"email\":\"ann-" + UUID.randomUUID()
				+ "@example.com\",\"phone\":\"+441234567890\"}");
		assertThat(user.status()).as(user.toString()).isEqualTo(201);
		try (ZmqTestPeer inventory = this.client.peer("orders-out");
				ZmqTestPeer results = this.client.peer("order-results-in")) {
			HttpJson.Response placed = http.post("/api/orders",
					"{\"userId\":" + user.json().get("id").asLong() + ",\"sku\":\"BOOK-1\",\"quantity\":2}");
			assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
			long id = placed.json().get("id").asLong();
			// Received and acknowledged: the order service's outbox lets it go.
			assertThat(inventory.receive(OrderPlaced.class)).isEqualTo(new OrderPlaced(id, "BOOK-1", 2));
			// Returns once the order service acknowledged it, having applied it.
			results.send(new OrderResult(id, OrderStatus.RESERVED, null));
			assertThat(this.harness.awaitInvocation("order-results").getArgument(OrderResult.class).orderId())
				.isEqualTo(id);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> http.get("/api/orders/" + id).json().get("status").asString().equals("RESERVED"));
		}
	}

}
