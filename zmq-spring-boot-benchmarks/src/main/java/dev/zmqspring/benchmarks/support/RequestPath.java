package dev.zmqspring.benchmarks.support;

import java.util.List;

/**
 * How the starter's synchronous requests ({@code ZmqTemplate.request}) on a connecting
 * REQ endpoint reach a socket, as the starter variants of scenarios 3, 5 and 6 configure
 * it.
 */
public enum RequestPath {

	/**
	 * The endpoint's default configuration: {@code socket-per-thread} is on by default
	 * for connecting REQ and DEALER endpoints, so the calling thread sends and receives
	 * on a socket of its own. (With a starter from before that default, requests went
	 * through the endpoint's thread here too.)
	 */
	DEFAULT,

	/**
	 * {@code socket-per-thread=false}: every request is handed to the endpoint's thread,
	 * which owns the one socket, and its reply is handed back.
	 */
	ENDPOINT_THREAD;

	/** The properties that choose this path on the endpoint named. */
	public List<String> properties(String endpoint) {
		return (this == ENDPOINT_THREAD) ? List.of("zmq.endpoints." + endpoint + ".socket-per-thread=false")
				: List.of();
	}

}
