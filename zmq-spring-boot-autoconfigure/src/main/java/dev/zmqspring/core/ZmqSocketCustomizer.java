package dev.zmqspring.core;

import org.zeromq.ZMQ;

/**
 * Callback that sets further options on every socket the starter opens, after the
 * configured options and before the socket binds or connects. Declare beans of this type;
 * they are applied in {@code @Order}.
 * <p>
 * Runs on the thread that owns the socket: do not keep a reference to the socket.
 */
@FunctionalInterface
public interface ZmqSocketCustomizer {

	/**
	 * Customizes a socket that is about to bind or connect.
	 * @param endpoint the endpoint the socket is opened for
	 * @param socket the socket
	 */
	void customize(ZmqEndpoint endpoint, ZMQ.Socket socket);

}
