package dev.zmqspring.security;

/**
 * The side a socket takes in the CURVE handshake. It is independent of bind and connect,
 * although a server usually binds.
 */
public enum CurveRole {

	/**
	 * Holds the key pair clients know the public half of; authenticates clients through
	 * the ZAP handler.
	 */
	SERVER,

	/** Knows the server's public key and proves its own key pair to the server. */
	CLIENT

}
