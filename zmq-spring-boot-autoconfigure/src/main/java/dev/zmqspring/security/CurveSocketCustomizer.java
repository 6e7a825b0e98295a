package dev.zmqspring.security;

import java.util.Map;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketCustomizer;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * Applies an endpoint's CURVE keys to its socket before it binds or connects. A server
 * socket opens only while the {@link ZapAuthenticator} runs: without it JeroMQ would
 * admit any client.
 */
final class CurveSocketCustomizer implements ZmqSocketCustomizer {

	private final Map<String, EndpointSecurity> endpoints;

	private final @Nullable ZapAuthenticator authenticator;

	/**
	 * @param endpoints the secured endpoints, by name
	 * @param authenticator the authenticator of the server endpoints ({@code null} when
	 * there are none)
	 */
	public CurveSocketCustomizer(Map<String, EndpointSecurity> endpoints, @Nullable ZapAuthenticator authenticator) {
		this.endpoints = Map.copyOf(endpoints);
		this.authenticator = authenticator;
	}

	@Override
	public void customize(ZmqEndpoint endpoint, ZMQ.Socket socket) {
		EndpointSecurity security = this.endpoints.get(endpoint.name());
		if (security == null) {
			return;
		}
		if (security.server()) {
			if (this.authenticator == null || !this.authenticator.isRunning()) {
				throw new ZmqSecurityException("Endpoint '" + endpoint.name() + "' is a CURVE server but no ZAP"
						+ " authenticator is running, so it would admit any client; it does not open. Configure "
						+ security.configuredAt() + ".allowed-client-keys and keep the application's"
						+ " ZapAuthenticator bean");
			}
			socket.setZapDomain(endpoint.name());
			socket.setCurveServer(true);
			socket.setCurvePublicKey(security.publicKey());
			socket.setCurveSecretKey(security.secretKey());
		}
		else {
			socket.setCurvePublicKey(security.publicKey());
			socket.setCurveSecretKey(security.secretKey());
			socket.setCurveServerKey(security.serverKey());
		}
	}

}
