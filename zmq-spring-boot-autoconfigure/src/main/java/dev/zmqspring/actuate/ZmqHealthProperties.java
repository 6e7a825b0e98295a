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

	public Probe getProbe() {
		return this.probe;
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
