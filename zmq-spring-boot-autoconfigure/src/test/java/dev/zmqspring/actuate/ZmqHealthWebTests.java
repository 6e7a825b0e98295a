package dev.zmqspring.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.event.ZmqListenerContainerFailedEvent;
import dev.zmqspring.event.ZmqSocketBindFailedEvent;
import dev.zmqspring.testsupport.ActuatorClient;
import dev.zmqspring.testsupport.RawSockets;
import dev.zmqspring.testsupport.ZmqEventRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/health} tells the truth about ZeroMQ over HTTP: DOWN (503) when a
 * listener cannot bind, when a listener container dies, when the I/O thread stops moving
 * messages, and when an endpoint has fewer peers than it requires; UP again once the
 * cause is gone. Each test starts and ends with health UP.
 */
@SpringBootTest(classes = ZmqHealthWebTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,zmq",
				"management.endpoint.health.show-details=always", "management.health.zmq.probe.timeout=500ms",
				"management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.liveness.include=livenessState,zmq/io",
				"management.endpoint.health.group.readiness.include=readinessState,zmq", "zmq.io-threads=1",
				"zmq.endpoints.blocked.type=PULL", "zmq.endpoints.fragile.type=PULL",
				"zmq.endpoints.fragile.bind=tcp://127.0.0.1:*", "zmq.endpoints.needy.type=PULL",
				"zmq.endpoints.needy.bind=tcp://127.0.0.1:*", "zmq.endpoints.needy.min-peers=1",
				"zmq.shutdown-timeout=2s" })
@Timeout(60)
class ZmqHealthWebTests {

	/** Another process holding the port that endpoint "blocked" is configured to bind. */
	private static ServerSocket portHolder;

	@LocalServerPort
	private int port;

	@Autowired
	private Application application;

	@Autowired
	private ZmqEventRecorder events;

	@Autowired
	private ZContext zmqContext;

	private ActuatorClient actuator;

	@DynamicPropertySource
	static void blockedPort(DynamicPropertyRegistry registry) throws IOException {
		portHolder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		registry.add("zmq.endpoints.blocked.bind", () -> "tcp://127.0.0.1:" + portHolder.getLocalPort());
	}

	@AfterAll
	static void releasePort() throws IOException {
		portHolder.close();
	}

	@BeforeEach
	void healthIsUpToBeginWith() {
		this.actuator = new ActuatorClient(this.port);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.actuator.get("/health").status() == 200);
	}

	@Test
	void healthIsDownWhileAListenerCannotBindItsPort() throws IOException {
		ActuatorClient.Response start = this.actuator.post("/zmq/blocked/start");
		assertThat(start.body().path("state").asString()).isEqualTo("FAILED");
		assertThat(start.body().path("actionError").asString()).contains("could not bind");
		ActuatorClient.Response health = this.actuator.get("/health");
		assertThat(health.status()).isEqualTo(503);
		JsonNode zmq = health.body().path("components").path("zmq");
		assertThat(zmq.path("status").asString()).isEqualTo("DOWN");
		JsonNode listeners = zmq.path("components").path("listeners");
		assertThat(listeners.path("status").asString()).isEqualTo("DOWN");
		assertThat(listeners.path("details").path("problems").get(0).asString()).contains("blocked");
		JsonNode blocked = listeners.path("details").path("blocked");
		assertThat(blocked.path("status").asString()).isEqualTo("DOWN");
		assertThat(blocked.path("problem").asString()).contains("blocked", "could not bind");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.events.events(ZmqSocketBindFailedEvent.class))
				.anySatisfy(event -> assertThat(event.getEndpointName()).isEqualTo("blocked")));
		// The other process lets the port go: a new start binds it and health is UP.
		portHolder.close();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "RUNNING".equals(this.actuator.post("/zmq/blocked/start").body().path("state").asString()));
		assertThat(this.actuator.get("/health").status()).isEqualTo(200);
		// Stopped on purpose is not DOWN.
		assertThat(this.actuator.post("/zmq/blocked/stop").body().path("state").asString()).isEqualTo("STOPPED");
		assertThat(this.actuator.get("/health").status()).isEqualTo(200);
	}

	@Test
	void healthIsDownWhenAListenerContainerDiesAndUpWhenItIsStartedAgain() {
		String address = this.actuator.json("/zmq/fragile").path("bind").get(0).asString();
		try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
			RawSockets.connect(push, address);
			// A bug in the listener: it sizes a buffer from the message, and an
			// OutOfMemoryError escapes it.
			push.send(String.valueOf(Integer.MAX_VALUE));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.actuator.get("/health").status() == 503);
			JsonNode fragile = this.actuator.json("/health/zmq/listeners").path("details").path("fragile");
			assertThat(fragile.path("state").asString()).isEqualTo("FAILED");
			assertThat(fragile.path("problem").asString()).contains("OutOfMemoryError");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.events.events(ZmqListenerContainerFailedEvent.class))
					.anySatisfy(event -> {
						assertThat(event.getListenerId()).isEqualTo("fragile");
						assertThat(event.getFailure()).isInstanceOf(OutOfMemoryError.class);
					}));
			ActuatorClient.Response restarted = this.actuator.post("/zmq/fragile/start");
			assertThat(restarted.body().path("state").asString()).isEqualTo("RUNNING");
			assertThat(this.actuator.get("/health").status()).isEqualTo(200);
			String newAddress = restarted.body().path("bind").get(0).asString();
			try (ZMQ.Socket again = peer.createSocket(SocketType.PUSH)) {
				RawSockets.connect(again, newAddress);
				again.send("64");
				await().atMost(Duration.ofSeconds(10)).until(() -> this.application.buffers.contains(64));
			}
		}
	}

	@Test
	void healthIsDownWhileTheIoThreadIsStuckAndUpOnceItMovesAgain() throws IOException {
		// A library in the same application monitors a socket of the shared context the
		// classic way and never reads
		// its monitor: JeroMQ writes the first event with a blocking send, and the I/O
		// thread stops right there.
		String monitor = "inproc://health-web-unread-monitor";
		ZMQ.Socket careless = this.zmqContext.createSocket(SocketType.PULL);
		try {
			careless.monitor(monitor, ZMQ.EVENT_ACCEPTED);
			careless.bind("tcp://127.0.0.1:*");
			String address = careless.getLastEndpoint();
			int carelessPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
			try (Socket visitor = new Socket(InetAddress.getLoopbackAddress(), carelessPort)) {
				assertThat(visitor.isConnected()).isTrue();
				await().atMost(Duration.ofSeconds(10)).until(() -> this.actuator.get("/health").status() == 503);
				JsonNode io = this.actuator.json("/health/zmq/io");
				assertThat(io.path("status").asString()).isEqualTo("DOWN");
				assertThat(io.path("details").path("problem").asString()).contains("did not move a message");
				// Only a restart cures a stuck I/O thread: the liveness group, which
				// includes zmq/io, says so.
				assertThat(this.actuator.get("/health/liveness").status()).isEqualTo(503);
				// Reading the monitor lets the blocked send finish: the I/O thread moves
				// messages again.
				try (ZMQ.Socket reader = this.zmqContext.createSocket(SocketType.PAIR)) {
					reader.connect(monitor);
					reader.setReceiveTimeOut(5000);
					assertThat(ZEvent.recv(reader)).isNotNull();
					await().atMost(Duration.ofSeconds(10)).until(() -> this.actuator.get("/health").status() == 200);
				}
			}
		}
		finally {
			careless.close();
		}
	}

	@Test
	void healthReportsTooFewPeersOnlyWhileTheEndpointRuns() {
		// Stopped, "needy" requires nothing.
		assertThat(this.actuator.json("/zmq/needy").path("state").asString()).isEqualTo("STOPPED");
		String address = this.actuator.post("/zmq/needy/start").body().path("bind").get(0).asString();
		try {
			ActuatorClient.Response alone = this.actuator.get("/health");
			assertThat(alone.status()).isEqualTo(503);
			JsonNode needy = alone.body()
				.path("components")
				.path("zmq")
				.path("components")
				.path("listeners")
				.path("details")
				.path("needy");
			assertThat(needy.path("peers").asInt(-1)).isZero();
			assertThat(needy.path("minPeers").asInt()).isEqualTo(1);
			assertThat(needy.path("problem").asString()).contains("0 of the 1 peers", "zmq.endpoints.needy.min-peers");
			// Missing peers make the application unready, but a restart would not bring
			// them: liveness stays UP.
			assertThat(this.actuator.get("/health/readiness").status()).isEqualTo(503);
			assertThat(this.actuator.get("/health/liveness").status()).isEqualTo(200);
			try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
				RawSockets.connect(push, address);
				await().atMost(Duration.ofSeconds(10)).until(() -> this.actuator.get("/health").status() == 200);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.actuator.get("/health").status() == 503);
		}
		finally {
			this.actuator.post("/zmq/needy/stop");
		}
		assertThat(this.actuator.get("/health").status()).isEqualTo(200);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class Application {

		final List<Integer> buffers = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "blocked", endpoint = "blocked", autoStartup = "false")
		void blocked(String message) {
		}

		@ZmqListener(id = "fragile", endpoint = "fragile")
		void fragile(String size) {
			byte[] buffer = new byte[Integer.parseInt(size)];
			this.buffers.add(buffer.length);
		}

		@ZmqListener(id = "needy", endpoint = "needy", autoStartup = "false")
		void needy(String message) {
		}

		@Bean
		ZmqEventRecorder zmqEventRecorder() {
			return new ZmqEventRecorder();
		}

	}

}
