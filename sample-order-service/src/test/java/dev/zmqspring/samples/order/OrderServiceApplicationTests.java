package dev.zmqspring.samples.order;

import java.util.UUID;

import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order service starts through its main method, reads {@code order-service.yml},
 * binds its sockets and answers on HTTP. Its sockets bind ports chosen by the OS, so that
 * it never collides with a sample running on this machine. The end-to-end tests with
 * inventory are in {@link OrderInventoryEndToEndTests}.
 */
@SpringBootTest(useMainMethod = UseMainMethod.ALWAYS, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:orders-smoke;DB_CLOSE_DELAY=-1",
				"zmq.endpoints.events.bind=tcp://127.0.0.1:*", "zmq.endpoints.orders-out.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.order-results-in.bind=tcp://127.0.0.1:*", "zmq.endpoints.stock.bind=tcp://127.0.0.1:*" })
@Timeout(60)
class OrderServiceApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	ZmqSenderRegistry senders;

	@Autowired
	ZmqListenerEndpointRegistry listeners;

	@Test
	void startsBindsItsSocketsAndAnswersOnHttp() throws Exception {
		for (String endpoint : new String[] { "orders-out", "stock" }) {
			assertThat(this.senders.sender(endpoint).getAddresses()).singleElement()
				.asString()
				.startsWith("tcp://127.0.0.1:")
				.doesNotEndWith(":*");
		}
		// The durable topic's address is served by its fetch server.
		assertThat(this.listeners.getListenerContainer("zmq-topic-events").getAddresses()).singleElement()
			.asString()
			.startsWith("tcp://127.0.0.1:")
			.doesNotEndWith(":*");
		HttpJson http = new HttpJson(this.port);
		assertThat(http.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
		HttpJson.Response missing = http.get("/api/orders/" + Math.abs(UUID.randomUUID().getMostSignificantBits()));
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json().get("detail").asString()).startsWith("no order with id");
	}

}
