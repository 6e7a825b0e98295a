package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.security.CurveRole;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * CURVE security of endpoints ({@code zmq.security.*}). The top-level settings are defaults; an endpoint is secured
 * by an entry under {@code zmq.security.endpoints.<endpoint name>}, whose settings override them. Keys are 40
 * characters of Z85 text, or {@code file:<path>} of a file holding them; write {@code ${ENV_VAR}} to take a key
 * from the environment.
 */
@ConfigurationProperties("zmq.security")
public class ZmqSecurityProperties {

	/**
	 * Default public key of this application's CURVE key pair (Z85 text or file:path).
	 */
	private String publicKey;

	/**
	 * Default secret key of this application's CURVE key pair (Z85 text or file:path). Keep it out of committed
	 * files: use file:path or ${ENV_VAR}.
	 */
	private String secretKey;

	/**
	 * Default public key of the CURVE server that client endpoints connect to (Z85 text or file:path).
	 */
	private String serverKey;

	/**
	 * Default public keys of the clients a server endpoint admits (Z85 text or file:path).
	 */
	private List<String> allowedClientKeys = new ArrayList<>();

	/**
	 * Default directory of client public key files (one key per file) a server endpoint admits; re-read when it
	 * changes.
	 */
	private String allowedClientKeysDirectory;

	/**
	 * Default client IP addresses a server endpoint admits (empty: any address not denied).
	 */
	private List<String> allowedAddresses = new ArrayList<>();

	/**
	 * Default client IP addresses a server endpoint refuses.
	 */
	private List<String> deniedAddresses = new ArrayList<>();

	/**
	 * Secured endpoints, by the name of their entry in zmq.endpoints.
	 */
	private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	public String getPublicKey() {
		return this.publicKey;
	}

	public void setPublicKey(String publicKey) {
		this.publicKey = publicKey;
	}

	public String getSecretKey() {
		return this.secretKey;
	}

	public void setSecretKey(String secretKey) {
		this.secretKey = secretKey;
	}

	public String getServerKey() {
		return this.serverKey;
	}

	public void setServerKey(String serverKey) {
		this.serverKey = serverKey;
	}

	public List<String> getAllowedClientKeys() {
		return this.allowedClientKeys;
	}

	public void setAllowedClientKeys(List<String> allowedClientKeys) {
		this.allowedClientKeys = allowedClientKeys;
	}

	public String getAllowedClientKeysDirectory() {
		return this.allowedClientKeysDirectory;
	}

	public void setAllowedClientKeysDirectory(String allowedClientKeysDirectory) {
		this.allowedClientKeysDirectory = allowedClientKeysDirectory;
	}

	public List<String> getAllowedAddresses() {
		return this.allowedAddresses;
	}

	public void setAllowedAddresses(List<String> allowedAddresses) {
		this.allowedAddresses = allowedAddresses;
	}

	public List<String> getDeniedAddresses() {
		return this.deniedAddresses;
	}

	public void setDeniedAddresses(List<String> deniedAddresses) {
		this.deniedAddresses = deniedAddresses;
	}

	public Map<String, Endpoint> getEndpoints() {
		return this.endpoints;
	}

	/** Security of one endpoint; unset settings take the {@code zmq.security.*} defaults. */
	public static class Endpoint {

		/**
		 * Security mechanism of the endpoint; only curve is supported (PLAIN is not offered: it sends user names
		 * and passwords in clear text).
		 */
		private Mechanism mechanism = Mechanism.CURVE;

		/**
		 * Side of the CURVE handshake: server or client. Default: server for an endpoint that binds, client for
		 * one that connects.
		 */
		private CurveRole role;

		/**
		 * Public key of this endpoint's CURVE key pair (Z85 text or file:path).
		 */
		private String publicKey;

		/**
		 * Secret key of this endpoint's CURVE key pair (Z85 text or file:path).
		 */
		private String secretKey;

		/**
		 * Public key of the CURVE server this client endpoint connects to (Z85 text or file:path).
		 */
		private String serverKey;

		/**
		 * Public keys of the clients this server endpoint admits (Z85 text or file:path).
		 */
		private List<String> allowedClientKeys;

		/**
		 * Directory of client public key files this server endpoint admits; re-read when it changes.
		 */
		private String allowedClientKeysDirectory;

		/**
		 * Client IP addresses this server endpoint admits (empty: any address not denied).
		 */
		private List<String> allowedAddresses;

		/**
		 * Client IP addresses this server endpoint refuses.
		 */
		private List<String> deniedAddresses;

		public Mechanism getMechanism() {
			return this.mechanism;
		}

		public void setMechanism(Mechanism mechanism) {
			this.mechanism = mechanism;
		}

		public CurveRole getRole() {
			return this.role;
		}

		public void setRole(CurveRole role) {
			this.role = role;
		}

		public String getPublicKey() {
			return this.publicKey;
		}

		public void setPublicKey(String publicKey) {
			this.publicKey = publicKey;
		}

		public String getSecretKey() {
			return this.secretKey;
		}

		public void setSecretKey(String secretKey) {
			this.secretKey = secretKey;
		}

		public String getServerKey() {
			return this.serverKey;
		}

		public void setServerKey(String serverKey) {
			this.serverKey = serverKey;
		}

		public List<String> getAllowedClientKeys() {
			return this.allowedClientKeys;
		}

		public void setAllowedClientKeys(List<String> allowedClientKeys) {
			this.allowedClientKeys = allowedClientKeys;
		}

		public String getAllowedClientKeysDirectory() {
			return this.allowedClientKeysDirectory;
		}

		public void setAllowedClientKeysDirectory(String allowedClientKeysDirectory) {
			this.allowedClientKeysDirectory = allowedClientKeysDirectory;
		}

		public List<String> getAllowedAddresses() {
			return this.allowedAddresses;
		}

		public void setAllowedAddresses(List<String> allowedAddresses) {
			this.allowedAddresses = allowedAddresses;
		}

		public List<String> getDeniedAddresses() {
			return this.deniedAddresses;
		}

		public void setDeniedAddresses(List<String> deniedAddresses) {
			this.deniedAddresses = deniedAddresses;
		}

	}

	/** Security mechanisms. */
	public enum Mechanism {

		/** CurveZMQ: encryption and public-key authentication. */
		CURVE

	}

}
