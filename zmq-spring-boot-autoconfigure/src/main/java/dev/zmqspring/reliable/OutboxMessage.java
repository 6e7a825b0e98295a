package dev.zmqspring.reliable;

import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * One message waiting in the outbox of an at-least-once endpoint until its receiver
 * acknowledges it.
 *
 * @param messageId the unique message id, sent in the headers frame ({@code message_id})
 * @param endpoint the sending endpoint's name
 * @param headers the headers to send (without {@code message_id} and {@code attempt},
 * which are added per send)
 * @param payload the payload frame
 * @param createdAt when the message was stored (epoch milliseconds)
 * @param attempts how many times it was sent so far
 * @param nextAttemptAt when it is due to be sent (again) (epoch milliseconds)
 */
public record OutboxMessage(String messageId, String endpoint, Map<String, String> headers, byte[] payload,
		long createdAt, int attempts, long nextAttemptAt) {

	public OutboxMessage {
		headers = Map.copyOf(headers);
	}

	/**
	 * This message as claimed for its next send: one attempt more, due again at the end
	 * of its lease.
	 * @param leaseUntil when a message is due again, from its attempts once claimed
	 */
	public OutboxMessage claimed(IntToLongFunction leaseUntil) {
		int attempt = this.attempts + 1;
		return new OutboxMessage(this.messageId, this.endpoint, this.headers, this.payload, this.createdAt, attempt,
				leaseUntil.applyAsLong(attempt));
	}

}
