package dev.zmqspring.reliable;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A message that a listener failed to process too many times, kept for an operator to
 * inspect and replay.
 *
 * @param listenerId the id of the listener that failed
 * @param messageId the message id
 * @param headers the message's headers frame
 * @param payload the payload frame
 * @param error the last failure (exception type and message)
 * @param attempts how many times processing failed
 * @param failedAt when it was dead-lettered (epoch milliseconds)
 */
public record DeadLetter(String listenerId, String messageId, Map<String, String> headers, byte[] payload,
		@Nullable String error, int attempts, long failedAt) {

	public DeadLetter {
		headers = Map.copyOf(headers);
	}

}
