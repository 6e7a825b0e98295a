package dev.zmqspring.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.testsupport.ActuatorClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connecting endpoint whose peer is not there says so: one warning in the log after its
 * {@code peer-wait-warning}, naming the endpoint, its address and what to check, shown in
 * health details and in the {@code zmq} Actuator endpoint without making health DOWN; and
 * an INFO line once the peer is there, which clears it. Endpoint "lonely" waits 1s before
 * it warns; endpoint "patient" has the warning turned off.
 */
@SpringBootTest(classes = PeerWaitWarningWebTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,zmq",
				"management.endpoint.health.show-details=always", "zmq.endpoints.lonely.type=PULL",
				"zmq.endpoints.lonely.socket.peer-wait-warning=1s", "zmq.endpoints.patient.type=PULL",
				"zmq.endpoints.patient.socket.peer-wait-warning=0", "zmq.shutdown-timeout=2s" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class PeerWaitWarningWebTests {

	private static final String WARNING = "has had no peer at ";

	private static final String RECOVERED = "is connected to its peer now";

	private static String lonelyAddress;

	private static String patientAddress;

	@LocalServerPort
	private int port;

	@Autowired
	private Application application;

	@DynamicPropertySource
	static void addressesWithoutPeers(DynamicPropertyRegistry registry) throws IOException {
		lonelyAddress = "tcp://127.0.0.1:" + unusedPort();
		patientAddress = "tcp://127.0.0.1:" + unusedPort();
		registry.add("zmq.endpoints.lonely.connect", () -> lonelyAddress);
		registry.add("zmq.endpoints.patient.connect", () -> patientAddress);
	}

	@Test
	void connectingEndpointWithoutPeerWarnsOnceShowsItInHealthAndActuatorAndLogsTheRecovery(CapturedOutput output) {
		ActuatorClient actuator = new ActuatorClient(this.port);
		await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(WARNING));
		String warningLine = output.getOut().lines().filter((line) -> line.contains(WARNING)).findFirst().orElseThrow();
		assertThat(warningLine).contains("WARN", "Endpoint 'lonely' (PULL)", lonelyAddress, "for 1s", "peer is running",
				"firewall", "same security", "zmq.endpoints.lonely.socket.peer-wait-warning");
		// Health shows it and stays UP: a peer that is not there yet is not this
		// application's failure.
		ActuatorClient.Response health = actuator.get("/health");
		assertThat(health.status()).isEqualTo(200);
		JsonNode listeners = health.body().path("components").path("zmq").path("components").path("listeners");
		assertThat(listeners.path("status").asString()).isEqualTo("UP");
		assertThat(listeners.path("details").path("warnings").get(0).asString()).contains("'lonely'", lonelyAddress);
		JsonNode lonely = listeners.path("details").path("lonely");
		assertThat(lonely.path("status").asString()).isEqualTo("UP");
		assertThat(lonely.path("peers").asInt(-1)).isZero();
		assertThat(lonely.path("warning").asString()).contains(lonelyAddress);
		assertThat(Instant.parse(lonely.path("waitingForPeerSince").asString())).isBefore(Instant.now());
		// The endpoint whose warning is off waits as long, silently, but shows that it
		// waits.
		JsonNode patient = listeners.path("details").path("patient");
		assertThat(patient.has("warning")).isFalse();
		assertThat(patient.path("waitingForPeerSince").asString()).isNotEmpty();
		// The zmq endpoint lists it at the top and by endpoint.
		JsonNode zmq = actuator.json("/zmq");
		assertThat(zmq.path("status").asString()).isEqualTo("UP");
		assertThat(zmq.path("warnings")).hasSize(1);
		assertThat(zmq.path("listeners").path("lonely").path("warning").asString()).contains(lonelyAddress);
		// One warning for one wait, however long it lasts.
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> count(output, WARNING) == 1);
		try (ZContext peerContext = new ZContext(); ZMQ.Socket peer = peerContext.createSocket(SocketType.PUSH)) {
			peer.bind(lonelyAddress);
			peer.send("hello");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.application.received.contains("hello"));
			await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(RECOVERED));
			String recoveryLine = output.getOut()
				.lines()
				.filter((line) -> line.contains(RECOVERED))
				.findFirst()
				.orElseThrow();
			assertThat(recoveryLine).contains("INFO", "Endpoint 'lonely'", lonelyAddress, "without one");
			JsonNode recovered = actuator.json("/zmq").path("listeners").path("lonely");
			assertThat(recovered.path("peers").asInt()).isEqualTo(1);
			assertThat(recovered.has("warning")).isFalse();
			assertThat(recovered.has("waitingForPeerSince")).isFalse();
			assertThat(actuator.json("/zmq").has("warnings")).isFalse();
			assertThat(count(output, WARNING)).isEqualTo(1);
			assertThat(output.getOut()).doesNotContain("Endpoint 'patient'");
		}
	}

	private static long count(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).count();
	}

	private static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class Application {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "lonely", endpoint = "lonely")
		void lonely(String message) {
			this.received.add(message);
		}

		@ZmqListener(id = "patient", endpoint = "patient")
		void patient(String message) {
		}

	}

}
