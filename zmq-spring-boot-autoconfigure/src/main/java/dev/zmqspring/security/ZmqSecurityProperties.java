package dev.zmqspring.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * CURVE security of endpoints ({@code zmq.security.*}). The top-level settings
 * ({@link CurveProperties}) are defaults; an endpoint is secured by an entry under
 * {@code zmq.security.endpoints.<endpoint name>}, whose settings override them. Keys are
 * 40 characters of Z85 text, or {@code file:<path>} of a file holding them; write
 * {@code ${ENV_VAR}} to take a key from the environment.
 */
@ConfigurationProperties("zmq.security")
public class ZmqSecurityProperties extends CurveProperties {

	/**
	 * Secured endpoints, by the name of their entry in zmq.endpoints.
	 */
	private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	public Map<String, Endpoint> getEndpoints() {
		return this.endpoints;
	}

	/**
	 * Security of one endpoint; unset settings take the {@code zmq.security.*} defaults.
	 */
	public static class Endpoint extends CurveProperties {

		/**
		 * Security mechanism of the endpoint; only curve is supported (PLAIN is not
		 * offered: it sends user names and passwords in clear text). Default curve.
		 */
		private Mechanism mechanism = Mechanism.CURVE;

		/**
		 * Side of the CURVE handshake: server or client. Default: server for an endpoint
		 * that binds, client for one that connects.
		 */
		private @Nullable CurveRole role;

		public Mechanism getMechanism() {
			return this.mechanism;
		}

		public void setMechanism(Mechanism mechanism) {
			this.mechanism = mechanism;
		}

		public @Nullable CurveRole getRole() {
			return this.role;
		}

		public void setRole(@Nullable CurveRole role) {
			this.role = role;
		}

	}

	/** Security mechanisms. */
	public enum Mechanism {

		/** CurveZMQ: encryption and public-key authentication. */
		CURVE

	}

}
