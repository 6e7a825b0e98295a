package dev.zmqspring.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the ZeroMQ context's I/O threads ({@code zmq/io}): DOWN when a ping sent
 * through each of them over TCP loopback does not come back in time ({@link ZmqIoProbe}).
 * Nothing else fixes a stuck or dead I/O thread than a restart, so this is the part of
 * {@code zmq} that belongs in a liveness group.
 */
class ZmqIoHealthIndicator extends AbstractHealthIndicator {

	private final ZmqIoProbe probe;

	public ZmqIoHealthIndicator(ZmqIoProbe probe) {
		super("ZeroMQ I/O probe failed");
		this.probe = probe;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ZmqIoProbe.Result result = this.probe.probe();
		if (result.up()) {
			builder.up()
				.withDetail("ioThreads", result.ioThreads())
				.withDetail("roundTripMicros", result.roundTrip().toNanos() / 1000);
		}
		else {
			builder.down().withDetail("problem", result.problem());
		}
	}

}
