package dev.zmqspring.actuate;

import java.time.Instant;

import dev.zmqspring.core.IoThreadFailures;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the ZeroMQ context's I/O threads ({@code zmq/io}): DOWN when a ping sent
 * through each of them over TCP loopback does not come back in time ({@link ZmqIoProbe}).
 * Also DOWN, naming the thread and the cause, once one of JeroMQ's threads died
 * ({@link IoThreadFailures}), and while an endpoint's socket is being reopened after a
 * failure the starter recovers from; a recovered failure shows in the details of UP.
 * Nothing else fixes a stuck or dead I/O thread than a restart, so this is the part of
 * {@code zmq} that belongs in a liveness group.
 */
class ZmqIoHealthIndicator extends AbstractHealthIndicator {

	private final ZmqIoProbe probe;

	private final @Nullable IoThreadFailures failures;

	ZmqIoHealthIndicator(ZmqIoProbe probe, @Nullable IoThreadFailures failures) {
		super("ZeroMQ I/O probe failed");
		this.probe = probe;
		this.failures = failures;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.failures != null && this.failures.getDeaths() > 0) {
			// A dead thread stays dead: nothing to probe.
			String death = this.failures.getLastDeath();
			builder.down()
				.withDetail("problem",
						(death != null) ? death
								: "a JeroMQ thread died: TCP sockets served by it send and receive nothing any more;"
										+ " restart the application");
			Instant since = this.failures.getLastDeathTime();
			if (since != null) {
				builder.withDetail("since", since);
			}
			return;
		}
		if (this.failures != null && this.failures.isRecovering()) {
			builder.down().withDetail("problem", String.valueOf(this.failures.getLastRecovery()));
			return;
		}
		ZmqIoProbe.Result result = this.probe.probe();
		if (result.up()) {
			builder.up()
				.withDetail("ioThreads", result.ioThreads())
				.withDetail("roundTripMicros", result.roundTrip().toNanos() / 1000);
		}
		else {
			builder.down().withDetail("problem", result.problem());
		}
		if (this.failures != null && this.failures.getRecoveries() > 0) {
			builder.withDetail("recoveries", this.failures.getRecoveries())
				.withDetail("lastRecovery", String.valueOf(this.failures.getLastRecovery()));
			Instant at = this.failures.getLastRecoveryTime();
			if (at != null) {
				builder.withDetail("lastRecoveryTime", at);
			}
		}
	}

}
