package dev.zmqspring.security;

import java.util.Locale;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketCustomizer;
import dev.zmqspring.core.ZmqSocketSecurityCheck;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * Keeps a socket closed when, once every {@link ZmqSocketCustomizer} has run, its
 * security is not what {@code zmq.security.endpoints} says:
 * <ul>
 * <li>an endpoint not listed there that a customizer made a CURVE or PLAIN server: no
 * authenticator covers it, and JeroMQ would admit any client;</li>
 * <li>a listed endpoint whose socket a customizer changed: another mechanism, another
 * role, another ZAP domain, or a server whose authenticator does not run.</li>
 * </ul>
 * The starter does not offer PLAIN: it sends user names and passwords in clear text, and
 * its messages travel unencrypted. A PLAIN server made by a customizer is refused, never
 * left open.
 */
public final class SecuredSocketCheck implements ZmqSocketSecurityCheck {

	private final SecuredEndpoints secured;

	private final @Nullable ZapAuthenticator authenticator;

	/**
	 * @param secured the endpoints listed under {@code zmq.security.endpoints}
	 * @param authenticator the authenticator of their server sockets ({@code null} when
	 * there are none)
	 */
	public SecuredSocketCheck(SecuredEndpoints secured, @Nullable ZapAuthenticator authenticator) {
		this.secured = secured;
		this.authenticator = authenticator;
	}

	@Override
	public void check(ZmqEndpoint endpoint, ZMQ.Socket socket) {
		EndpointSecurity security = this.secured.get(endpoint.name());
		String serverMechanism = ZmqSocketSecurityCheck.serverMechanism(socket);
		if (security == null) {
			if (serverMechanism != null) {
				throw new ZmqSecurityException(unsecuredServer(endpoint, serverMechanism));
			}
			return;
		}
		String difference = difference(security, socket);
		if (difference != null) {
			throw new ZmqSecurityException(
					"Endpoint '" + endpoint.name() + "' (" + endpoint.describe() + ") is secured by "
							+ security.configuredAt() + " as a CURVE " + security.role().name().toLowerCase(Locale.ROOT)
							+ ", but once the ZmqSocketCustomizers ran its socket " + difference + "; it does not open."
							+ " Remove the security settings (setCurveServer, setPlainServer, setZapDomain, ...) of the"
							+ " customizer for this endpoint: " + security.configuredAt() + " sets them");
		}
	}

	private @Nullable String difference(EndpointSecurity security, ZMQ.Socket socket) {
		ZMQ.Socket.Mechanism mechanism = socket.getMechanism();
		if (mechanism != ZMQ.Socket.Mechanism.CURVE) {
			return "uses the " + mechanism + " mechanism"
					+ ((mechanism == ZMQ.Socket.Mechanism.NULL) ? " (no encryption, no authentication)" : "");
		}
		if (security.server() != socket.getCurveServer()) {
			return security.server() ? "is a CURVE client" : "is a CURVE server";
		}
		if (security.server()) {
			if (!security.endpoint().equals(socket.getZapDomain())) {
				return "asks the ZAP domain '" + socket.getZapDomain() + "', for which the authenticator has no"
						+ " policy, instead of '" + security.endpoint() + "'";
			}
			if (this.authenticator == null || !this.authenticator.isRunning()) {
				return "would be a CURVE server without a running ZAP authenticator, which admits any client";
			}
		}
		return null;
	}

	private static String unsecuredServer(ZmqEndpoint endpoint, String mechanism) {
		String setter = mechanism.equals("CURVE") ? "setCurveServer(true)" : "setPlainServer(true)";
		StringBuilder message = new StringBuilder("Endpoint '").append(endpoint.name())
			.append("' (")
			.append(endpoint.describe())
			.append(") was made a ")
			.append(mechanism)
			.append(" server by a ZmqSocketCustomizer (")
			.append(setter)
			.append("), but no zmq.security.endpoints entry covers it, so no authenticator checks its clients and"
					+ " JeroMQ would admit any client; it does not open. ");
		if (mechanism.equals("PLAIN")) {
			message.append("The starter does not offer PLAIN: it sends user names and passwords in clear text. ");
		}
		if (endpoint.configuredAt().startsWith("zmq.endpoints.")) {
			message.append("Secure it with CURVE by configuring zmq.security.endpoints.")
				.append(endpoint.name())
				.append(" (public-key, secret-key, allowed-client-keys), and remove the customizer's ")
				.append(setter);
		}
		else {
			message.append("Only endpoints declared under zmq.endpoints can be secured (this one is ")
				.append(endpoint.configuredAt())
				.append("): remove the customizer's ")
				.append(setter);
		}
		return message.toString();
	}

}
