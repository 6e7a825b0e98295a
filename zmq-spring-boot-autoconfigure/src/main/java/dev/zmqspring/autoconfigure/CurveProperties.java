package dev.zmqspring.autoconfigure;

import java.util.List;

/**
 * The CURVE settings of a secured endpoint. Set directly under {@code zmq.security} they are the defaults of every
 * secured endpoint; set under {@code zmq.security.endpoints.<name>} they override those defaults for one endpoint.
 * Keys are 40 characters of Z85 text, or {@code file:<path>} of a file holding them.
 */
public class CurveProperties {

	/**
	 * Public key of this application's CURVE key pair (Z85 text or file:path).
	 */
	private String publicKey;

	/**
	 * Secret key of this application's CURVE key pair (Z85 text or file:path). Keep it out of committed files: use
	 * file:path or ${ENV_VAR}.
	 */
	private String secretKey;

	/**
	 * Public key of the CURVE server that a client endpoint connects to (Z85 text or file:path).
	 */
	private String serverKey;

	/**
	 * Public keys of the clients a server endpoint admits (Z85 text or file:path).
	 */
	private List<String> allowedClientKeys;

	/**
	 * Directory of client public key files (one key per file) a server endpoint admits; re-read when it changes.
	 */
	private String allowedClientKeysDirectory;

	/**
	 * Client IP addresses a server endpoint admits (empty: any address not denied).
	 */
	private List<String> allowedAddresses;

	/**
	 * Client IP addresses a server endpoint refuses.
	 */
	private List<String> deniedAddresses;

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
