package dev.zmqspring.reliable;

import java.util.Map;

/**
 * One message published on a durable topic, as its publisher keeps it until retention
 * removes it.
 *
 * @param messageId the unique message id, which every group's listener sees in its
 * {@code message_id} header
 * @param endpoint the publishing endpoint's name
 * @param topic the topic
 * @param headers the headers to send (without {@code message_id} and {@code attempt})
 * @param payload the payload frame
 * @param seq the publish order: higher is later (ties are broken by message id)
 * @param createdAt when the message was stored (epoch milliseconds)
 */
public record TopicMessage(String messageId, String endpoint, String topic, Map<String, String> headers, byte[] payload,
		long seq, long createdAt) {

	public TopicMessage {
		headers = Map.copyOf(headers);
	}

}
