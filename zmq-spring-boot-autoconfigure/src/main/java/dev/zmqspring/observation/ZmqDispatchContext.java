package dev.zmqspring.observation;

import java.util.Map;

import dev.zmqspring.core.ZmqEndpoint;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one try of the outbox at delivering a stored message knows: the
 * endpoint, the message id, the try, and the headers stored with the message. The span
 * continues the trace stored with the message (the span of the send that stored it), so
 * that every try of a message shows in the trace of the call that sent it.
 * <p>
 * An observed try lasts from the send on the wire until the receiver's acknowledgement,
 * its timeout or an error.
 */
public final class ZmqDispatchContext extends ReceiverContext<Map<String, String>> {

	private final ZmqEndpoint endpoint;

	private final String messageId;

	private final int attempt;

	/**
	 * Creates a context.
	 * @param endpoint the at-least-once endpoint
	 * @param messageId the message id
	 * @param attempt the try, from 1
	 * @param storedHeaders the headers stored with the message
	 */
	public ZmqDispatchContext(ZmqEndpoint endpoint, String messageId, int attempt, Map<String, String> storedHeaders) {
		super(ZmqDispatchContext::header, Kind.PRODUCER);
		this.endpoint = endpoint;
		this.messageId = messageId;
		this.attempt = attempt;
		setCarrier(storedHeaders);
		setRemoteServiceName("zeromq");
	}

	private static @Nullable String header(@Nullable Map<String, String> carrier, String key) {
		return (carrier != null) ? carrier.get(key) : null;
	}

	/** The at-least-once endpoint. */
	public ZmqEndpoint getEndpoint() {
		return this.endpoint;
	}

	/** The message id. */
	public String getMessageId() {
		return this.messageId;
	}

	/** The try, from 1. */
	public int getAttempt() {
		return this.attempt;
	}

}
