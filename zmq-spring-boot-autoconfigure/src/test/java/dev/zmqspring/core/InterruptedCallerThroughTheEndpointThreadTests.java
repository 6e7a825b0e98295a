package dev.zmqspring.core;

/**
 * {@link InterruptedCallerTests} with {@code socket-per-thread} off: the requests of
 * interrupted callers go through the endpoint's thread.
 */
class InterruptedCallerThroughTheEndpointThreadTests extends InterruptedCallerTests {

	@Override
	String[] requestPath() {
		return new String[] { "zmq.endpoints.echo.socket-per-thread=false" };
	}

}
