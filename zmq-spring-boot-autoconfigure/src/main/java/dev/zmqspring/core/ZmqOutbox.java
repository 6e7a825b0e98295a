package dev.zmqspring.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Durable hand-off of messages on at-least-once endpoints
 * ({@code delivery: at-least-once}). {@link ZmqTemplate} and publisher interfaces use it
 * for such endpoints: the message is stored (in the caller's transaction when one is
 * active) and sent, and re-sent, by a background dispatcher until the receiver
 * acknowledges it.
 */
public interface ZmqOutbox {

	/**
	 * Stores a message for delivery.
	 * @param endpoint the at-least-once endpoint
	 * @param headers extra headers, or {@code null}
	 * @param payload the payload frame
	 * @return the message id the receiver will see in its {@code message_id} header
	 */
	String store(ZmqEndpoint endpoint, @Nullable Map<String, String> headers, byte[] payload);

}
