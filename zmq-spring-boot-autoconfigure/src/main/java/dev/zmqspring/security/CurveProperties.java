package dev.zmqspring.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The CURVE settings of a secured endpoint. Set directly under {@code zmq.security} they
 * are the defaults of every secured endpoint; set under
 * {@code zmq.security.endpoints.<name>} they override those defaults for one endpoint.
 * Keys are 40 characters of Z85 text, or {@code file:<path>} of a file holding them.
 */
public class CurveProperties {

	/**
	 * Public key of this application's CURVE key pair (Z85 text or file:path).
	 */
	private @Nullable String publicKey;

	/**
	 * Secret key of this application's CURVE key pair (Z85 text or file:path). Keep it
	 * out of committed files: use file:path or ${ENV_VAR}.
	 */
	private @Nullable String secretKey;

	/**
	 * Public key of the CURVE server that a client endpoint connects to (Z85 text or
	 * file:path).
	 */
	private @Nullable String serverKey;

	/**
	 * Public keys of the clients a server endpoint admits (Z85 text or file:path).
	 */
	private @Nullable List<String> allowedClientKeys;

	/**
	 * Directory of client public key files (one key per file) a server endpoint admits;
	 * re-read when it changes.
	 */
	private @Nullable String allowedClientKeysDirectory;

	/**
	 * Client IP addresses a server endpoint admits (empty: any address not denied).
	 */
	private @Nullable List<String> allowedAddresses;

	/**
	 * Client IP addresses a server endpoint refuses.
	 */
	private @Nullable List<String> deniedAddresses;

	public @Nullable String getPublicKey() {
		return this.publicKey;
	}

	public void setPublicKey(@Nullable String publicKey) {
		this.publicKey = publicKey;
	}

	public @Nullable String getSecretKey() {
		return this.secretKey;
	}

	public void setSecretKey(@Nullable String secretKey) {
		this.secretKey = secretKey;
	}

	public @Nullable String getServerKey() {
		return this.serverKey;
	}

	public void setServerKey(@Nullable String serverKey) {
		this.serverKey = serverKey;
	}

	public @Nullable List<String> getAllowedClientKeys() {
		return this.allowedClientKeys;
	}

	public void setAllowedClientKeys(@Nullable List<String> allowedClientKeys) {
		this.allowedClientKeys = allowedClientKeys;
	}

	public @Nullable String getAllowedClientKeysDirectory() {
		return this.allowedClientKeysDirectory;
	}

	public void setAllowedClientKeysDirectory(@Nullable String allowedClientKeysDirectory) {
		this.allowedClientKeysDirectory = allowedClientKeysDirectory;
	}

	public @Nullable List<String> getAllowedAddresses() {
		return this.allowedAddresses;
	}

	public void setAllowedAddresses(@Nullable List<String> allowedAddresses) {
		this.allowedAddresses = allowedAddresses;
	}

	public @Nullable List<String> getDeniedAddresses() {
		return this.deniedAddresses;
	}

	public void setDeniedAddresses(@Nullable List<String> deniedAddresses) {
		this.deniedAddresses = deniedAddresses;
	}

}
