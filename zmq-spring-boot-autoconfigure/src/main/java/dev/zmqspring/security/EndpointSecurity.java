package dev.zmqspring.security;

import org.jspecify.annotations.Nullable;

/**
 * The resolved CURVE settings of one endpoint. Holds secret key material: its
 * {@link #toString()} shows none.
 *
 * @param endpoint the endpoint name (also the ZAP domain of a server socket)
 * @param role server or client
 * @param publicKey this socket's public key (32 bytes)
 * @param secretKey this socket's secret key (32 bytes)
 * @param serverKey the server's public key, for a client; {@code null} for a server
 * @param allowList the clients a server accepts; {@code null} for a client
 * @param addresses the client addresses a server accepts
 * @param configuredAt the property prefix, for messages, such as
 * {@code zmq.security.endpoints.orders}
 */
record EndpointSecurity(String endpoint, CurveRole role, byte[] publicKey, byte[] secretKey,
		byte @Nullable [] serverKey, @Nullable ClientAllowList allowList, AddressFilter addresses,
		String configuredAt) {

	/** Whether this endpoint is a CURVE server. */
	public boolean server() {
		return this.role == CurveRole.SERVER;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

	@Override
	public String toString() {
		return "EndpointSecurity[endpoint=" + this.endpoint + ", role=" + this.role + ", publicKey="
				+ CurveKeys.z85(this.publicKey) + ", secretKey=(hidden)"
				+ ((this.serverKey != null) ? ", serverKey=" + CurveKeys.z85(this.serverKey) : "") + "]";
	}

}
