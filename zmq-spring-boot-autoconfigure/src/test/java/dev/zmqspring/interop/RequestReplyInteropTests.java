package dev.zmqspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import static dev.zmqspring.interop.PythonPeer.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * REQ/REP between the starter and pyzmq peers written as the ZeroMQ tutorials write them,
 * in both directions.
 */
@Timeout(30)
class RequestReplyInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@BeforeEach
	void pyzmq() {
		PythonPeer.assumeAvailable();
	}

	@Test
	void pythonSendJsonClientGetsListenerReturnValueWithRecvJson() {
		this.runner.withUserConfiguration(JavaServers.class).run(context -> {
			try (PythonPeer client = PythonPeer.start("req_client.py", address(context, "prices"), "json",
					"{\"sku\": \"SKU-1\", \"quantity\": 4}", "{\"sku\": \"SKU-2\", \"quantity\": 1}")) {
				List<JsonNode> replies = client.awaitSuccess(TIMEOUT);
				assertThat(replies).extracting(line -> as(line.get("reply"), PriceQuote.class))
					.containsExactly(new PriceQuote("SKU-1", 4, 10.0), new PriceQuote("SKU-2", 1, 2.5));
			}
		});
	}

	@Test
	void pythonSendBytesClientGetsTextReplies() {
		this.runner.withUserConfiguration(JavaServers.class).run(context -> {
			try (PythonPeer client = PythonPeer.start("req_client.py", address(context, "hello"), "bytes", "hello",
					"ok", "hello")) {
				List<JsonNode> replies = client.awaitSuccess(TIMEOUT);
				assertThat(replies).extracting(line -> line.get("reply").asString())
					.containsExactly("World", "success", "World");
			}
		});
	}

	@Test
	void severalPythonClientsAtOnceEachGetOnlyTheirOwnAnswers() {
		int clientCount = 4;
		int requestsEach = 25;
		this.runner.withUserConfiguration(JavaServers.class).run(context -> {
			String address = address(context, "tickets");
			List<PythonPeer> clients = new ArrayList<>();
			try {
				for (int c = 0; c < clientCount; c++) {
					clients.add(PythonPeer.start("req_client.py", tickets(address, "client-" + c, requestsEach)));
				}
				for (int c = 0; c < clientCount; c++) {
					String client = "client-" + c;
					List<JsonNode> replies = clients.get(c).awaitSuccess(TIMEOUT);
					assertThat(replies).hasSize(requestsEach).allSatisfy(line -> {
						Ticket request = as(line.get("request"), Ticket.class);
						assertThat(request.client()).isEqualTo(client);
						assertThat(as(line.get("reply"), Ticket.class))
							.isEqualTo(new Ticket(client, request.seq(), client + " #" + request.seq()));
					});
				}
			}
			finally {
				clients.forEach(PythonPeer::close);
			}
		});
	}

	@Test
	void listenerThatThrowsAnswersPythonWithZmqErrorAndKeepsServing() {
		this.runner.withUserConfiguration(JavaServers.class).run(context -> {
			try (PythonPeer client = PythonPeer.start("req_client.py", address(context, "prices"), "json",
					"{\"sku\": \"SKU-1\", \"quantity\": 0}", "{\"sku\": \"SKU-1\", \"quantity\": 2}")) {
				List<JsonNode> replies = client.awaitSuccess(TIMEOUT);
				assertThat(replies).hasSize(2);
				JsonNode error = replies.get(0).get("reply").get("zmq_error");
				assertThat(error).as("error reply read by recv_json(): %s", replies.get(0)).isNotNull();
				assertThat(error.get("code").asString()).isEqualTo("LISTENER_FAILED");
				assertThat(error.get("message").asString()).contains("IllegalArgumentException")
					.doesNotContain("must be positive");
				assertThat(as(replies.get(1).get("reply"), PriceQuote.class))
					.isEqualTo(new PriceQuote("SKU-1", 2, 5.0));
			}
		});
	}

	@Test
	void requestThatIsNotJsonAnswersPythonWithBadRequestAndKeepsServing() {
		this.runner.withUserConfiguration(JavaServers.class).run(context -> {
			try (PythonPeer client = PythonPeer.start("req_client.py", address(context, "prices"), "bytes", "not json",
					"{\"sku\": \"SKU-3\", \"quantity\": 2}")) {
				List<JsonNode> replies = client.awaitSuccess(TIMEOUT);
				assertThat(replies).hasSize(2);
				JsonNode error = PythonPeer.parse(replies.get(0).get("reply").asString()).get("zmq_error");
				assertThat(error.get("code").asString()).isEqualTo("BAD_REQUEST");
				assertThat(as(PythonPeer.parse(replies.get(1).get("reply").asString()), PriceQuote.class))
					.isEqualTo(new PriceQuote("SKU-3", 2, 5.0));
			}
		});
	}

	@Test
	void badRequestReplyDoesNotRevealJavaInternalsToPython() {
		this.runner.withUserConfiguration(JavaServers.class).run(context -> {
			try (PythonPeer client = PythonPeer.start("req_client.py", address(context, "prices"), "bytes",
					"not json")) {
				List<JsonNode> replies = client.awaitSuccess(TIMEOUT);
				JsonNode error = PythonPeer.parse(replies.get(0).get("reply").asString()).get("zmq_error");
				assertThat(error.get("code").asString()).isEqualTo("BAD_REQUEST");
				assertThat(error.get("message").asString()).doesNotContain(PriceQuery.class.getName())
					.doesNotContain("dev.zmqspring");
			}
		});
	}

	@Test
	void templateRequestGetsPythonRecvSendServerReplies() {
		try (PythonPeer server = PythonPeer.start("rep_server.py", "bytes", "2")) {
			int port = server.awaitPort(TIMEOUT);
			this.runner
				.withPropertyValues("zmq.endpoints.greeter.type=REQ",
						"zmq.endpoints.greeter.connect=tcp://127.0.0.1:" + port)
				.run(context -> {
					assertThat(context).hasNotFailed();
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					server.verify(() -> {
						assertThat(template.request("greeter", "hello", String.class)).isEqualTo("World");
						assertThat(template.request("greeter", "ok", String.class)).isEqualTo("success");
					});
				});
			assertThat(server.awaitSuccess(TIMEOUT)).filteredOn(line -> line.has("request"))
				.extracting(line -> line.get("request").asString())
				.containsExactly("hello", "ok");
		}
	}

	@Test
	void templateAndPublisherInterfaceGetPythonRecvJsonServerReplies() {
		try (PythonPeer server = PythonPeer.start("rep_server.py", "json", "2")) {
			int port = server.awaitPort(TIMEOUT);
			this.runner.withUserConfiguration(PublisherApplication.class)
				.withPropertyValues("zmq.endpoints.pricing.type=REQ",
						"zmq.endpoints.pricing.connect=tcp://127.0.0.1:" + port)
				.run(context -> {
					assertThat(context).hasNotFailed();
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					PricingClient client = context.getBean(PricingClient.class);
					server.verify(() -> {
						assertThat(template.request("pricing", new PriceQuery("SKU-7", 2), PriceQuote.class))
							.isEqualTo(new PriceQuote("SKU-7", 2, 5.0));
						assertThat(client.quote(new PriceQuery("SKU-9", 3))).isEqualTo(new PriceQuote("SKU-9", 3, 7.5));
					});
				});
			assertThat(server.awaitSuccess(TIMEOUT)).filteredOn(line -> line.has("request"))
				.extracting(line -> as(line.get("request"), PriceQuery.class))
				.containsExactly(new PriceQuery("SKU-7", 2), new PriceQuery("SKU-9", 3));
		}
	}

	private static String address(AssertableApplicationContext context, String listenerId) {
		assertThat(context).hasNotFailed();
		List<String> addresses = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer(listenerId)
			.getAddresses();
		assertThat(addresses).singleElement().asString().matches("tcp://127\\.0\\.0\\.1:\\d+");
		return addresses.get(0);
	}

	private static String[] tickets(String address, String client, int count) {
		List<String> arguments = new ArrayList<>(List.of(address, "json"));
		for (int i = 0; i < count; i++) {
			arguments.add("{\"client\": \"" + client + "\", \"seq\": " + i + "}");
		}
		return arguments.toArray(new String[0]);
	}

	record PriceQuery(String sku, int quantity) {
	}

	record PriceQuote(String sku, int quantity, double total) {
	}

	record Ticket(String client, int seq, String answer) {
	}

	/** The only publisher interface of this package: it needs zmq.endpoints.pricing. */
	@ZmqPublisher(endpoint = "pricing")
	interface PricingClient {

		PriceQuote quote(PriceQuery query);

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class PublisherApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class JavaServers {

		@ZmqListener(id = "prices", type = "REP", bind = "tcp://127.0.0.1:*")
		PriceQuote quote(PriceQuery query) {
			if (query.quantity() <= 0) {
				throw new IllegalArgumentException("quantity must be positive");
			}
			return new PriceQuote(query.sku(), query.quantity(), query.quantity() * 2.5);
		}

		@ZmqListener(id = "hello", type = "REP", bind = "tcp://127.0.0.1:*")
		String hello(String message) {
			return "hello".equals(message) ? "World" : "success";
		}

		// Several worker threads, so that replies to different clients leave out of
		// order.
		@ZmqListener(id = "tickets", type = "REP", bind = "tcp://127.0.0.1:*", concurrency = "4")
		Ticket serve(Ticket ticket) {
			return new Ticket(ticket.client(), ticket.seq(), ticket.client() + " #" + ticket.seq());
		}

	}

}
