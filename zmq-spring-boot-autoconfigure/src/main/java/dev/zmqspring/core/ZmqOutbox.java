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

	/**
	 * Stores a message of a durable topic (a PUB endpoint with
	 * {@code delivery: at-least-once}) for every subscription group that takes its topic.
	 * @param endpoint the durable topic's endpoint
	 * @param topic the topic
	 * @param headers extra headers, or {@code null}
	 * @param payload the payload frame
	 * @return the message id every group's listener sees in its {@code message_id} header
	 */
	default String publish(ZmqEndpoint endpoint, String topic, @Nullable Map<String, String> headers, byte[] payload) {
		throw new UnsupportedOperationException("This ZmqOutbox keeps no durable topics; endpoint '" + endpoint.name()
				+ "' needs the starter's own outbox");
	}

}
