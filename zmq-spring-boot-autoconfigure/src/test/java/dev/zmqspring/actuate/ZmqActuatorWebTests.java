package dev.zmqspring.actuate;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.event.ZmqListenerContainerStartedEvent;
import dev.zmqspring.event.ZmqListenerContainerStoppedEvent;
import dev.zmqspring.event.ZmqSocketConnectedEvent;
import dev.zmqspring.event.ZmqSocketDisconnectedEvent;
import dev.zmqspring.testsupport.ActuatorClient;
import dev.zmqspring.testsupport.RawSockets;
import dev.zmqspring.testsupport.ZmqEventRecorder;
import dev.zmqspring.testsupport.ZmtpWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of a healthy application through Actuator over HTTP:
 * {@code /actuator/health}, {@code /actuator/zmq} with its listener controls, and
 * {@code /actuator/metrics}, against real listeners, a sender, a device and an
 * at-least-once endpoint, and connections dropped for breaking the protocol.
 */
@SpringBootTest(classes = ZmqActuatorWebTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,zmq,metrics",
				"management.endpoint.health.show-details=always", "management.health.zmq.probe.timeout=2s",
				"zmq.endpoints.jobs.type=PULL", "zmq.endpoints.jobs.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.work.type=PULL", "zmq.endpoints.work.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.peers.type=PULL", "zmq.endpoints.peers.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.guarded.type=PULL", "zmq.endpoints.guarded.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.news.type=PUB", "zmq.endpoints.news.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.orders-out.type=DEALER", "zmq.endpoints.orders-out.delivery=at-least-once",
				"zmq.endpoints.orders-out.connect=inproc://actuator-web-orders", "zmq.endpoints.orders-in.type=ROUTER",
				"zmq.endpoints.orders-in.delivery=at-least-once",
				"zmq.endpoints.orders-in.bind=inproc://actuator-web-orders", "zmq.proxies.relay.type=streamer",
				"zmq.proxies.relay.frontend.bind=tcp://127.0.0.1:*", "zmq.proxies.relay.backend.bind=tcp://127.0.0.1:*",
				"zmq.shutdown-timeout=2s" })
@Timeout(60)
class ZmqActuatorWebTests {

	@LocalServerPort
	private int port;

	@Autowired
	private Application application;

	@Autowired
	private ZmqEventRecorder events;

	@Autowired
	private ZmqTemplate template;

	private ActuatorClient actuator;

	@BeforeEach
	void connect() {
		this.actuator = new ActuatorClient(this.port);
	}

	@Test
	void healthIsUpAndDescribesEveryListenerSenderAndDevice() {
		ActuatorClient.Response response = this.actuator.get("/health");
		assertThat(response.status()).isEqualTo(200);
		JsonNode zmq = response.body().path("components").path("zmq");
		assertThat(zmq.path("status").asString()).isEqualTo("UP");
		JsonNode parts = zmq.path("components");
		assertThat(parts.path("io").path("status").asString()).isEqualTo("UP");
		assertThat(parts.path("io").path("details").path("ioThreads").asInt()).isEqualTo(1);
		assertThat(parts.path("listeners").path("status").asString()).isEqualTo("UP");
		JsonNode jobs = parts.path("listeners").path("details").path("jobs");
		assertThat(jobs.path("status").asString()).isEqualTo("UP");
		assertThat(jobs.path("endpoint").asString()).isEqualTo("jobs");
		assertThat(jobs.path("type").asString()).isEqualTo("PULL");
		assertThat(jobs.path("state").asString()).isEqualTo("RUNNING");
		// The address actually bound, with the port the system chose.
		assertThat(jobs.path("bind").get(0).asString()).matches("tcp://127\\.0\\.0\\.1:\\d+");
		assertThat(jobs.path("peers").asInt(-1)).isZero();
		JsonNode news = parts.path("senders").path("details").path("news");
		assertThat(news.path("type").asString()).isEqualTo("PUB");
		assertThat(news.path("state").asString()).isEqualTo("RUNNING");
		JsonNode relay = parts.path("proxies").path("details").path("relay");
		assertThat(relay.path("type").asString()).isEqualTo("STREAMER");
		assertThat(relay.path("state").asString()).isEqualTo("RUNNING");
		assertThat(relay.path("frontend").path("type").asString()).isEqualTo("PULL");
		assertThat(relay.path("backend").path("bind").get(0).asString()).matches("tcp://127\\.0\\.0\\.1:\\d+");
		// Only the type and addresses of a socket are shown, never its options.
		assertThat(response.text()).doesNotContain("linger", "heartbeat", "HighWaterMark", "maxMessageSize");
		// The component alone and its I/O part, as health groups or a probe would ask for
		// them.
		assertThat(this.actuator.get("/health/zmq").body().path("status").asString()).isEqualTo("UP");
		assertThat(this.actuator.get("/health/zmq/io").body().path("status").asString()).isEqualTo("UP");
	}

	@Test
	void peerCountsFollowRealConnectsAndDisconnects() {
		String address = listener("peers").path("bind").get(0).asString();
		try (ZContext peers = new ZContext()) {
			ZMQ.Socket first = peers.createSocket(SocketType.PUSH);
			ZMQ.Socket second = peers.createSocket(SocketType.PUSH);
			RawSockets.connect(first, address);
			RawSockets.connect(second, address);
			await().atMost(Duration.ofSeconds(10)).until(() -> listener("peers").path("peers").asInt() == 2);
			assertThat(this.actuator.json("/health/zmq/listeners").path("details").path("peers").path("peers").asInt())
				.isEqualTo(2);
			first.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> listener("peers").path("peers").asInt() == 1);
			second.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> listener("peers").path("peers").asInt() == 0);
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			// At least two connects; more if JeroMQ's handshake timer had to retry a
			// fresh connection.
			assertThat(this.events.events(ZmqSocketConnectedEvent.class))
				.filteredOn(event -> event.getEndpointName().equals("peers"))
				.hasSizeGreaterThanOrEqualTo(2);
			assertThat(this.events.events(ZmqSocketDisconnectedEvent.class))
				.filteredOn(event -> event.getEndpointName().equals("peers"))
				.extracting(ZmqSocketDisconnectedEvent::getConnectedPeers)
				.hasSizeGreaterThanOrEqualTo(2)
				.endsWith(0);
		});
		// Application listeners run on the starter's event thread, never on a JeroMQ I/O
		// thread.
		assertThat(this.events.threads()).containsExactly("zmq-events");
	}

	@Test
	void pauseAndResumeThroughTheEndpointStopAndRestartDeliveryWhileHealthStaysUp() {
		ActuatorClient.Response paused = this.actuator.post("/zmq/work/pause");
		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.body().path("state").asString()).isEqualTo("PAUSED");
		String address = paused.body().path("bind").get(0).asString();
		try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
			RawSockets.connect(push, address);
			for (int i = 0; i < 5; i++) {
				push.send("work-" + i);
			}
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(this.application.work::isEmpty);
			JsonNode health = this.actuator.json("/health");
			assertThat(health.path("status").asString()).isEqualTo("UP");
			JsonNode work = health.path("components")
				.path("zmq")
				.path("components")
				.path("listeners")
				.path("details")
				.path("work");
			assertThat(work.path("state").asString()).isEqualTo("PAUSED");
			assertThat(work.path("status").asString()).isEqualTo("UP");
			ActuatorClient.Response resumed = this.actuator.post("/zmq/work/resume");
			assertThat(resumed.body().path("state").asString()).isEqualTo("RUNNING");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.application.work.size() == 5);
		}
		finally {
			this.actuator.post("/zmq/work/resume");
			this.application.work.clear();
		}
	}

	@Test
	void stopAndStartThroughTheEndpointCloseAndReopenTheSocket() {
		ActuatorClient.Response stopped = this.actuator.post("/zmq/work/stop");
		assertThat(stopped.body().path("state").asString()).isEqualTo("STOPPED");
		assertThat(this.actuator.get("/health").status()).isEqualTo(200);
		ActuatorClient.Response started = this.actuator.post("/zmq/work/start");
		assertThat(started.body().path("state").asString()).isEqualTo("RUNNING");
		String address = started.body().path("bind").get(0).asString();
		try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
			RawSockets.connect(push, address);
			push.send("after-restart");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.application.work.contains("after-restart"));
		}
		finally {
			this.application.work.clear();
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(this.events.events(ZmqListenerContainerStoppedEvent.class))
				.extracting(ZmqListenerContainerStoppedEvent::getListenerId)
				.contains("work");
			assertThat(this.events.events(ZmqListenerContainerStartedEvent.class))
				.extracting(ZmqListenerContainerStartedEvent::getListenerId)
				.contains("work");
		});
	}

	@Test
	void metricsCountRealTraffic() {
		String address = listener("jobs").path("bind").get(0).asString();
		String payload = "job-payload";
		try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
			RawSockets.connect(push, address);
			for (int i = 0; i < 20; i++) {
				push.send(payload);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.application.jobs.size() == 20);
		}
		assertThat(metric("zmq.messages.received", "name:jobs")).isEqualTo(20);
		assertThat(metric("zmq.received.bytes", "name:jobs"))
			.isEqualTo(20 * payload.getBytes(StandardCharsets.UTF_8).length);
		assertThat(metric("zmq.listener.process", "name:jobs", "outcome:success")).isEqualTo(20);
		assertThat(metric("zmq.errors", "name:jobs")).isZero();
		for (int i = 0; i < 3; i++) {
			this.template.convertAndSend("news", "weather", "sunny");
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> metric("zmq.messages.sent", "name:news", "outcome:success") == 3);
		this.template.convertAndSend("orders-out", "order-1");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.application.orders.contains("order-1"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> metric("zmq.reliable.acknowledgements", "component:sender", "name:orders-out") >= 1);
		assertThat(metric("zmq.outbox.depth", "name:orders-out")).isZero();
		JsonNode outbox = this.actuator.json("/zmq").path("outbox").path("orders-out");
		assertThat(outbox.path("depth").asLong(-1)).isZero();
		assertThat(outbox.path("sends").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(outbox.path("window").asInt()).isGreaterThanOrEqualTo(32);
		assertThat(metric("zmq.outbox.window", "name:orders-out")).isGreaterThanOrEqualTo(32);
		JsonNode names = this.actuator.json("/metrics").path("names");
		assertThat(names.valueStream().map(JsonNode::asString).filter(name -> name.startsWith("zmq.")).toList())
			.contains("zmq.messages.received", "zmq.messages.sent", "zmq.received.bytes", "zmq.sent.bytes",
					"zmq.listener.process", "zmq.errors", "zmq.peers", "zmq.outbox.depth", "zmq.reliable.redeliveries",
					"zmq.reliable.duplicates", "zmq.reliable.dead.letters");
	}

	@Test
	void connectionsDroppedForBreakingTheProtocolAreShownAndMetered() throws Exception {
		String address = listener("guarded").path("bind").get(0).asString();
		int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
		int before = listener("guarded").path("rejectedConnections").asInt(-1);
		double meteredBefore = metric("zmq.connections.rejected", "name:guarded", "reason:greeting");
		for (String mechanism : List.of("PLAIN", "CURVE")) {
			// A ZMTP greeting for a security mechanism this endpoint does not use:
			// dropped at once.
			try (Socket raw = new Socket("127.0.0.1", port)) {
				raw.setSoTimeout(10_000);
				new ZmtpWriter(raw.getOutputStream()).write(ZmtpWriter.greeting(mechanism));
				InputStream in = raw.getInputStream();
				while (in.read() >= 0) {
					// the server's greeting, then end of stream (a read timeout fails the
					// test)
				}
			}
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> listener("guarded").path("rejectedConnections").asInt() == before + 2);
		JsonNode guarded = listener("guarded");
		assertThat(guarded.path("status").asString()).isEqualTo("UP");
		assertThat(guarded.path("lastConnectionError").asString())
			.contains("from 127.0.0.1: the peer did not complete a ZMTP 3 greeting for the NULL mechanism");
		assertThat(metric("zmq.connections.rejected", "name:guarded", "reason:greeting")).isEqualTo(meteredBefore + 2);
		assertThat(metric("zmq.connections.rejected", "name:guarded", "reason:oversize")).isZero();
		// Shown for binding sockets only.
		assertThat(listener("jobs").path("rejectedConnections").isNumber()).isTrue();
		assertThat(this.actuator.json("/zmq").path("senders").path("orders-out").has("rejectedConnections")).isFalse();
	}

	@Test
	void unknownListenersAndActionsAreRejected() {
		assertThat(this.actuator.get("/zmq/no-such-listener").status()).isEqualTo(404);
		assertThat(this.actuator.post("/zmq/no-such-listener/pause").status()).isEqualTo(400);
		assertThat(this.actuator.post("/zmq/work/explode").status()).isEqualTo(400);
		assertThat(listener("work").path("state").asString()).isEqualTo("RUNNING");
	}

	private JsonNode listener(String id) {
		return this.actuator.json("/zmq/" + id);
	}

	private double metric(String name, String... tags) {
		StringBuilder path = new StringBuilder("/metrics/").append(name);
		for (int i = 0; i < tags.length; i++) {
			path.append((i == 0) ? '?' : '&').append("tag=").append(tags[i]);
		}
		ActuatorClient.Response response = this.actuator.get(path.toString());
		assertThat(response.status()).as("GET %s: %s", path, response.text()).isEqualTo(200);
		for (JsonNode measurement : response.body().path("measurements")) {
			if (measurement.path("statistic").asString().equals("COUNT")
					|| measurement.path("statistic").asString().equals("VALUE")) {
				return measurement.path("value").asDouble();
			}
		}
		throw new AssertionError("No COUNT or VALUE in " + response.text());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class Application {

		final List<String> jobs = new CopyOnWriteArrayList<>();

		final List<String> work = new CopyOnWriteArrayList<>();

		final List<String> orders = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "jobs", endpoint = "jobs")
		void job(String job) {
			this.jobs.add(job);
		}

		@ZmqListener(id = "work", endpoint = "work")
		void work(String item) {
			this.work.add(item);
		}

		@ZmqListener(id = "peers", endpoint = "peers")
		void peer(String message) {
		}

		@ZmqListener(id = "guarded", endpoint = "guarded")
		void guarded(String message) {
		}

		@ZmqListener(id = "orders", endpoint = "orders-in")
		void order(String order) {
			this.orders.add(order);
		}

		@Bean
		ZmqEventRecorder zmqEventRecorder() {
			return new ZmqEventRecorder();
		}

	}

}
