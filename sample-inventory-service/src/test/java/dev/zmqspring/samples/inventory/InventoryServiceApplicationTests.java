package dev.zmqspring.samples.inventory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

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
 * The inventory service starts through its main method, reads {@code inventory-service.yml}, seeds its stock and
 * answers on HTTP. Its sockets point at unused in-process addresses, so that it never talks to a sample running on
 * this machine. The end-to-end tests are in the order service module.
 */
@SpringBootTest(useMainMethod = UseMainMethod.ALWAYS, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:inventory-smoke;DB_CLOSE_DELAY=-1",
				"zmq.endpoints.orders-in.connect=inproc://smoke-orders",
				"zmq.endpoints.order-results-out.connect=inproc://smoke-results",
				"zmq.endpoints.stock-server.connect=inproc://smoke-stock",
				"zmq.endpoints.user-events-email.connect=inproc://smoke-events",
				"zmq.endpoints.user-events-sms.connect=inproc://smoke-events",
				"zmq.endpoints.email-jobs.connect=inproc://smoke-email-jobs",
				"zmq.endpoints.email-workers.bind=inproc://smoke-email-jobs",
				"zmq.endpoints.sms-jobs.connect=inproc://smoke-sms-jobs",
				"zmq.endpoints.sms-workers.bind=inproc://smoke-sms-jobs" })
@Timeout(60)
class InventoryServiceApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	ZmqListenerEndpointRegistry listeners;

	@Test
	void startsWithItsListenersAndServesTheSeededStock() throws Exception {
		assertThat(this.listeners.getListenerContainerIds()).contains("reservations", "stockQueryListener.stock",
				"emailDispatcher.onUserRegistered", "smsDispatcher.onUserRegistered", "notificationWorkers.sendEmail",
				"notificationWorkers.sendSms");
		assertThat(this.listeners.getListenerContainer("reservations").getConcurrency()).isEqualTo(4);
		HttpResponse<String> stock = get("/api/stock");
		assertThat(stock.statusCode()).isEqualTo(200);
		assertThat(stock.body()).contains("{\"sku\":\"BOOK-1\",\"known\":true,\"available\":100}");
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).startsWith("{").contains("\"status\":\"UP\"");
		assertThat(get("/api/notifications?email=" + UUID.randomUUID() + "@example.com").body()).isEqualTo("[]");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
