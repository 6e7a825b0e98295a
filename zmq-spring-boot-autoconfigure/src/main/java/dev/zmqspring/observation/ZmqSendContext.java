package dev.zmqspring.observation;

import java.util.Map;

import dev.zmqspring.core.ZmqEndpoint;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a one-way send knows: the endpoint, the topic, and the headers
 * the message will carry. A tracer writes the trace context into those headers; an
 * endpoint without a headers frame has none, and its messages go out without it.
 * <p>
 * An observed send lasts from the call until the message is queued for the endpoint's
 * socket (at-most-once), or stored in the outbox (at-least-once).
 */
public final class ZmqSendContext extends SenderContext<Map<String, String>> {

	private final ZmqEndpoint endpoint;

	private final @Nullable String topic;

	/**
	 * Creates a context.
	 * @param endpoint the endpoint sent on
	 * @param topic the topic, or {@code null}
	 * @param headers the headers the message will carry, which a tracer may add to, or
	 * {@code null} when the endpoint has no headers frame
	 */
	public ZmqSendContext(ZmqEndpoint endpoint, @Nullable String topic, @Nullable Map<String, String> headers) {
		super(ZmqSendContext::put, Kind.PRODUCER);
		this.endpoint = endpoint;
		this.topic = topic;
		setCarrier(headers);
		setRemoteServiceName("zeromq");
	}

	static void put(@Nullable Map<String, String> carrier, String key, String value) {
		if (carrier != null) {
			carrier.put(key, value);
		}
	}

	/** The endpoint sent on. */
	public ZmqEndpoint getEndpoint() {
		return this.endpoint;
	}

	/** The topic (PUB), or {@code null}. */
	public @Nullable String getTopic() {
		return this.topic;
	}

}
