package dev.zmqspring.reliable;

import java.nio.charset.StandardCharsets;

/**
 * The headers and the acknowledgement of the at-least-once wire protocol. A message
 * travels as {@code [headers][payload]} with headers
 * {@code {"message_id":"...","attempt":"1", ...}}; the receiver answers
 * {@code {"zmq_ack":"<message id>"}} once it has processed the message (or an error
 * reply, which the sender treats as "try again later").
 */
final class ReliableHeaders {

	/** Header with the unique message id. */
	public static final String MESSAGE_ID = "message_id";

	/** Header with the number of this delivery attempt, from 1. */
	public static final String ATTEMPT = "attempt";

	private ReliableHeaders() {
	}

	/** The acknowledgement frame for a message id. */
	public static byte[] ack(String messageId) {
		return ("{\"zmq_ack\":\"" + messageId.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

}
