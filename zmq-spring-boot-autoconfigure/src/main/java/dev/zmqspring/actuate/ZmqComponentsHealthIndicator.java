package dev.zmqspring.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of one kind of component ({@code zmq/listeners}, {@code zmq/senders} or
 * {@code zmq/proxies}): DOWN when one of them failed or runs with fewer peers than its
 * endpoint's {@code min-peers} (see {@link ZmqInspector}); the details show each one by
 * id or name, and {@code warnings} lists connecting sockets that have waited too long for
 * a peer (which alone does not make it DOWN).
 */
class ZmqComponentsHealthIndicator extends AbstractHealthIndicator {

	private final ZmqInspector inspector;

	private final Function<ZmqInspector.Report, Map<String, Map<String, Object>>> components;

	/**
	 * Creates the indicator.
	 * @param inspector looks at listeners, senders and devices
	 * @param components which of them, for example {@code ZmqInspector.Report::listeners}
	 */
	public ZmqComponentsHealthIndicator(ZmqInspector inspector,
			Function<ZmqInspector.Report, Map<String, Map<String, Object>>> components) {
		super("ZeroMQ health check failed");
		this.inspector = inspector;
		this.components = components;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, Map<String, Object>> details = this.components.apply(this.inspector.inspect());
		List<String> problems = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		details.values().forEach(component -> {
			Object problem = component.get("problem");
			if (problem != null) {
				problems.add(problem.toString());
			}
			if (component.get("warning") instanceof String warning) {
				warnings.add(warning);
			}
		});
		if (problems.isEmpty()) {
			builder.up();
		}
		else {
			builder.down().withDetail("problems", problems);
		}
		if (!warnings.isEmpty()) {
			// Shown, but never DOWN on their own (see ZmqInspector).
			builder.withDetail("warnings", warnings);
		}
		builder.withDetails(details);
	}

}
