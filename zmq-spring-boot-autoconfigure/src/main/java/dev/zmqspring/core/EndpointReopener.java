package dev.zmqspring.core;

/**
 * Opens an endpoint's sockets again, off JeroMQ's threads: what {@link IoThreadFailures}
 * asks for when an I/O thread failed while reading a frame for that endpoint.
 * <p>
 * Internal: not for application code.
 */
@FunctionalInterface
public interface EndpointReopener {

	/**
	 * Called on the I/O thread that failed: first closes the endpoint's TCP connections
	 * underneath JeroMQ ({@link SocketActivity#closeConnections()}), so that the thread
	 * never reads again from the one it left half-read, then starts reopening the
	 * endpoint's sockets on a thread of its own, and returns.
	 * @param endpoint the endpoint's name
	 * @param done run when they are open again (or failed to)
	 * @return {@code false} when no socket of the starter's serves that endpoint, so that
	 * nothing can be reopened
	 */
	boolean reopen(String endpoint, Runnable done);

}
