package dev.zmqspring.observation;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.support.ZmqMessage;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one listener invocation knows: the listener, its endpoint and
 * the message. A tracer reads the trace context from the message's headers (those of its
 * headers frame); a header that is missing or malformed starts a new trace.
 * <p>
 * An observed invocation lasts from reading the message until its reply is built (a
 * listener that answers with a {@code CompletionStage}: until it completes).
 */
public final class ZmqListenerContext extends ReceiverContext<ZmqMessage> {

	private final String listenerId;

	private final ZmqEndpoint endpoint;

	/**
	 * Creates a context.
	 * @param listenerId the listener container's id
	 * @param endpoint the endpoint received on
	 * @param message the message, or {@code null} when its frames could not be read
	 */
	public ZmqListenerContext(String listenerId, ZmqEndpoint endpoint, @Nullable ZmqMessage message) {
		super(ZmqListenerContext::header, Kind.CONSUMER);
		this.listenerId = listenerId;
		this.endpoint = endpoint;
		if (message != null) {
			setCarrier(message);
		}
		setRemoteServiceName("zeromq");
	}

	private static @Nullable String header(@Nullable ZmqMessage carrier, String key) {
		return (carrier != null) ? carrier.getHeaders().get(key) : null;
	}

	/** The listener container's id. */
	public String getListenerId() {
		return this.listenerId;
	}

	/** The endpoint received on. */
	public ZmqEndpoint getEndpoint() {
		return this.endpoint;
	}

	/** The message, or {@code null} when its frames could not be read. */
	public @Nullable ZmqMessage getMessage() {
		return getCarrier();
	}

}
