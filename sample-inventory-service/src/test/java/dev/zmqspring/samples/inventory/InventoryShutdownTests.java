package dev.zmqspring.samples.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ctrl-C while an e-mail and an SMS are being sent: the service runs as its own process,
 * as {@code run-samples.sh} starts it (its {@code inventory-service.yml}, its H2 file
 * under {@code ./target/data}), and is stopped with SIGTERM while both senders are in the
 * middle of their job. Both messages must be recorded, as the back office shows them
 * after a restart. Before {@code DB_CLOSE_ON_EXIT=FALSE}, H2's own shutdown hook closed
 * the database while the workers were still sending, and both were lost.
 */
@Timeout(180)
class InventoryShutdownTests {

	@TempDir
	Path workDir;

	@Test
	void emailAndSmsBeingSentWhenTheServiceIsStoppedAreStillRecorded() throws Exception {
		String email = "ada-" + UUID.randomUUID() + "@example.com";
		String phone = "+4412345678";
		Path log = this.workDir.resolve("inventory.log");
		try (ZContext zmq = new ZContext();
				RegistrationTopic events = new RegistrationTopic(zmq,
						"{\"userId\":7,\"name\":\"Ada\",\"email\":\"" + email + "\",\"phone\":\"" + phone
								+ "\",\"registeredAt\":" + System.currentTimeMillis() + "}")) {
			// The order service's side of user.registered: the e-mail and the SMS group
			// each fetch the registration.
			Process inventory = start(events.start().address(), log);
			try {
				await().atMost(Duration.ofSeconds(120))
					.until(() -> !inventory.isAlive() || (read(log).contains("Sending EMAIL to " + email)
							&& read(log).contains("Sending SMS to " + phone)));
				assertThat(inventory.isAlive()).as("inventory is running; its log:%n%s", read(log)).isTrue();

				inventory.destroy(); // SIGTERM, as Ctrl-C in run-samples.sh sends
				assertThat(inventory.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
				// Each group acknowledged the registration as it stopped.
				assertThat(events.acknowledged).containsExactlyInAnyOrder("registration-1", "registration-1");
			}
			finally {
				inventory.destroyForcibly();
			}
		}
		assertThat(read(log)).as("the service's log").doesNotContain("Database is already closed");
		assertThat(notificationsTo(email)).as("what the back office shows after a restart")
			.containsExactly("EMAIL " + email, "SMS " + phone);
	}

	private Process start(String events, Path log) throws IOException {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-XX:TieredStopAtLevel=1",
				// As in a busy service: the pool hands out its connections without
				// checking them first (by default
				// it checks one idle for 500 ms, and would open a new connection on a
				// database that H2 closed).
				"-Dcom.zaxxer.hikari.aliveBypassWindowMs=3600000", "-cp", System.getProperty("java.class.path"),
				InventoryServiceApplication.class.getName(), "--server.port=0", "--spring.main.banner-mode=off",
				"--logging.level.dev.zmqspring.samples.inventory.notification=debug", "--inventory.email-delay=3s",
				"--inventory.sms-delay=3s", "--zmq.endpoints.orders-in.connect=inproc://unused-orders",
				"--zmq.endpoints.order-results-out.connect=inproc://unused-results",
				"--zmq.endpoints.stock-server.connect=inproc://unused-stock",
				"--zmq.endpoints.user-events.connect=" + events));
		// In its own working directory: its database is ./target/data/inventory there,
		// from inventory-service.yml.
		return new ProcessBuilder(command).directory(this.workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private List<String> notificationsTo(String email) throws Exception {
		String url = "jdbc:h2:file:" + this.workDir.resolve("target/data/inventory").toAbsolutePath();
		List<String> sent = new ArrayList<>();
		try (Connection db = DriverManager.getConnection(url, "sa", "");
				PreparedStatement query = db
					.prepareStatement("select channel, recipient from notification where email = ? order by channel")) {
			query.setString(1, email);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					sent.add(rows.getString("channel") + " " + rows.getString("recipient"));
				}
			}
		}
		return sent;
	}

	private static String read(Path log) throws IOException {
		return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
	}

}
