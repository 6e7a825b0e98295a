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
	 * Starts reopening the sockets of an endpoint, on a thread of its own, and returns at
	 * once.
	 * @param endpoint the endpoint's name
	 * @param done run when they are open again (or failed to)
	 * @return {@code false} when no socket of the starter's serves that endpoint, so that
	 * nothing can be reopened
	 */
	boolean reopen(String endpoint, Runnable done);

}
