package dev.zmqspring.health;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of ZeroMQ messaging (component {@code zmq}): DOWN when the context's I/O threads no longer move messages
 * (an active {@link ZmqIoProbe}), when a listener container died or could not bind, when a sender or device failed,
 * or when an endpoint runs with fewer peers than its {@code min-peers}; UP otherwise, also while a listener is
 * paused or stopped on purpose. The details show every listener, sender and device with its addresses, state,
 * connected peers and counters.
 */
public class ZmqHealthIndicator extends AbstractHealthIndicator {

	private final ZmqInspector inspector;

	private final ZmqIoProbe probe;

	/**
	 * Creates the indicator.
	 * @param inspector looks at listeners, senders and devices
	 * @param probe checks the I/O threads, or {@code null} not to
	 */
	public ZmqHealthIndicator(ZmqInspector inspector, ZmqIoProbe probe) {
		super("ZeroMQ health check failed");
		this.inspector = inspector;
		this.probe = probe;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<String> problems = new ArrayList<>();
		if (this.probe != null) {
			ZmqIoProbe.Result io = this.probe.probe();
			builder.withDetail("io", io.toDetails());
			if (!io.up()) {
				problems.add(io.problem());
			}
		}
		ZmqInspector.Report report = this.inspector.inspect();
		problems.addAll(report.problems());
		builder.status(problems.isEmpty() ? Status.UP : Status.DOWN);
		if (!problems.isEmpty()) {
			builder.withDetail("problems", problems);
		}
		builder.withDetail("listeners", report.listeners());
		builder.withDetail("senders", report.senders());
		builder.withDetail("proxies", report.proxies());
	}

}
