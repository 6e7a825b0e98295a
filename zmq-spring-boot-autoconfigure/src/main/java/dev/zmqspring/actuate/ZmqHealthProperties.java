package dev.zmqspring.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zmq} health indicator ({@code management.health.zmq.*}); switch it off with
 * {@code management.health.zmq.enabled=false}.
 */
@ConfigurationProperties("management.health.zmq")
public class ZmqHealthProperties {

	/**
	 * The active probe of the ZeroMQ context's I/O threads.
	 */
	private final Probe probe = new Probe();

	/**
	 * The subscription groups of the durable topics published here.
	 */
	private final Topics topics = new Topics();

	public Probe getProbe() {
		return this.probe;
	}

	public Topics getTopics() {
		return this.topics;
	}

	/**
	 * How far behind a subscription group of a durable topic may fall before health says
	 * so.
	 */
	public static class Topics {

		/**
		 * Pending messages beyond which a group is reported lagging; 0 for no bound.
		 * Default 10000.
		 */
		private long maxLag = 10_000;

		/**
		 * Age of the oldest pending message beyond which a group is reported lagging.
		 * Default 5m.
		 */
		private Duration maxLagAge = Duration.ofMinutes(5);

		/**
		 * Whether a lagging group makes health DOWN; by default it is a warning in the
		 * details only.
		 */
		private boolean downWhenLagging;

		public long getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(long maxLag) {
			if (maxLag < 0) {
				throw new IllegalArgumentException(
						"management.health.zmq.topics.max-lag must not be negative (0: no bound), was " + maxLag);
			}
			this.maxLag = maxLag;
		}

		public Duration getMaxLagAge() {
			return this.maxLagAge;
		}

		public void setMaxLagAge(Duration maxLagAge) {
			if (maxLagAge == null || maxLagAge.isNegative() || maxLagAge.isZero()) {
				throw new IllegalArgumentException("management.health.zmq.topics.max-lag-age must be positive, was "
						+ maxLagAge + "; use for example 5m");
			}
			this.maxLagAge = maxLagAge;
		}

		public boolean isDownWhenLagging() {
			return this.downWhenLagging;
		}

		public void setDownWhenLagging(boolean downWhenLagging) {
			this.downWhenLagging = downWhenLagging;
		}

	}

	/**
	 * The I/O probe: each health check sends a ping through every I/O thread over TCP
	 * loopback and back.
	 */
	public static class Probe {

		/**
		 * Whether each health check sends a ping through the context's I/O threads and
		 * reports DOWN when it does not come back.
		 */
		private boolean enabled = true;

		/**
		 * Maximum time the ping may take there and back before health reports the I/O
		 * threads stuck.
		 */
		private Duration timeout = Duration.ofSeconds(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			if (timeout == null || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("management.health.zmq.probe.timeout must be positive, was "
						+ timeout + "; use for example 1s");
			}
			this.timeout = timeout;
		}

	}

}
