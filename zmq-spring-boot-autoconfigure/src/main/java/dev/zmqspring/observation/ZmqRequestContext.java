package dev.zmqspring.observation;

import java.util.Map;

import dev.zmqspring.core.ZmqEndpoint;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a request knows: the endpoint, the headers the request will
 * carry (a tracer writes the trace context into them), and how many tries it took. An
 * observed request lasts from the call until its reply, its last timeout or its failure;
 * each retry after a timeout is an event ({@link ZmqObservation.Events#RETRY}).
 */
public final class ZmqRequestContext extends SenderContext<Map<String, String>> {

	private final ZmqEndpoint endpoint;

	private volatile int attempts = 1;

	/**
	 * Creates a context.
	 * @param endpoint the endpoint (REQ or DEALER)
	 * @param headers the headers the request will carry, which a tracer may add to, or
	 * {@code null} when the endpoint has no headers frame
	 */
	public ZmqRequestContext(ZmqEndpoint endpoint, @Nullable Map<String, String> headers) {
		super(ZmqSendContext::put, Kind.CLIENT);
		this.endpoint = endpoint;
		setCarrier(headers);
		setRemoteServiceName("zeromq");
	}

	/** The endpoint the request went out on. */
	public ZmqEndpoint getEndpoint() {
		return this.endpoint;
	}

	/** How many times the request was sent so far (1 without retries). */
	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * Records one more try.
	 * @param attempts the tries so far
	 */
	public void setAttempts(int attempts) {
		this.attempts = attempts;
	}

}
