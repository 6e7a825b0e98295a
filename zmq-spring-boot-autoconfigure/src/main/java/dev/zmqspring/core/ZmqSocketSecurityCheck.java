package dev.zmqspring.core;

import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * The last look at a socket before it binds or connects, once every
 * {@link ZmqSocketCustomizer} has run: throws to keep the socket from opening. A socket
 * factory has exactly one.
 * <p>
 * It exists because JeroMQ's CURVE and PLAIN servers admit <em>any</em> client when no
 * ZAP handler authenticates them, and a customizer can make any socket such a server
 * ({@code setCurveServer(true)}, {@code setPlainServer(true)}). The starter's security
 * auto-configuration declares a check that lets a socket be a server of either mechanism
 * only where its own authenticator covers it; declaring a bean of this type replaces that
 * check, so delegate to it (it is public) unless you really run another ZAP handler.
 */
@FunctionalInterface
public interface ZmqSocketSecurityCheck {

	/**
	 * Refuses every CURVE or PLAIN server socket, since nothing authenticates their
	 * clients: the check of a factory made without one.
	 */
	ZmqSocketSecurityCheck REFUSE_UNAUTHENTICATED_SERVERS = (endpoint, socket) -> {
		String mechanism = serverMechanism(socket);
		if (mechanism != null) {
			throw new ZmqException("Endpoint '" + endpoint.name() + "' (" + endpoint.describe() + ") was made a "
					+ mechanism + " server by a ZmqSocketCustomizer, but no authenticator checks its clients, so"
					+ " JeroMQ would admit any client; it does not open. Secure it through zmq.security.endpoints."
					+ endpoint.name() + " (with the starter's security auto-configuration), or remove the customizer");
		}
	};

	/**
	 * Checks a socket that is about to bind or connect.
	 * @param endpoint the endpoint the socket is opened for
	 * @param socket the socket, with every option and customizer applied
	 * @throws ZmqException to keep the socket from opening; the message should name the
	 * endpoint and the fix
	 */
	void check(ZmqEndpoint endpoint, ZMQ.Socket socket);

	/**
	 * The mechanism of a socket that is the server side of CURVE or PLAIN, the two that
	 * rely on a ZAP handler.
	 * @param socket the socket
	 * @return {@code "CURVE"} or {@code "PLAIN"}, or {@code null} for any other socket
	 */
	static @Nullable String serverMechanism(ZMQ.Socket socket) {
		if (socket.getCurveServer()) {
			return "CURVE";
		}
		if (socket.getPlainServer()) {
			return "PLAIN";
		}
		return null;
	}

}
