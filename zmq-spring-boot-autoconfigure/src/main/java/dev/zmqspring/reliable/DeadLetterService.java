package dev.zmqspring.reliable;

import java.util.List;

import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.jspecify.annotations.Nullable;

/**
 * What an operator does with dead letters: list them, replay one (hand it to its listener
 * again, which runs it like a redelivery, deduplicated when the listener is idempotent),
 * or discard one.
 */
public class DeadLetterService {

	private final DeadLetterStore store;

	private final ZmqListenerEndpointRegistry listeners;

	public DeadLetterService(DeadLetterStore store, ZmqListenerEndpointRegistry listeners) {
		this.store = store;
		this.listeners = listeners;
	}

	/**
	 * Lists dead letters, oldest first.
	 * @param listenerId only this listener's, or {@code null} for all
	 * @param limit the maximum number
	 */
	public List<DeadLetter> list(@Nullable String listenerId, int limit) {
		return this.store.list(listenerId, limit);
	}

	/**
	 * Runs a dead letter through its listener again. On success it leaves the dead-letter
	 * store; on failure it stays there and the failure is thrown.
	 * @param listenerId the listener id
	 * @param messageId the message id
	 * @throws IllegalArgumentException when there is no such dead letter or listener
	 * @throws Exception what the listener threw
	 */
	public void replay(String listenerId, String messageId) throws Exception {
		DeadLetter letter = this.store.find(listenerId, messageId)
			.orElseThrow(() -> new IllegalArgumentException(
					"No dead letter " + messageId + " of listener '" + listenerId + "'"));
		ZmqListenerContainer container = this.listeners.getListenerContainer(listenerId);
		if (container == null) {
			throw new IllegalArgumentException("No listener '" + listenerId + "' to replay dead letter " + messageId
					+ " to; known listeners: " + this.listeners.getListenerContainerIds());
		}
		container.replay(letter.headers(), letter.payload());
		this.store.delete(listenerId, messageId);
	}

	/**
	 * Discards a dead letter.
	 * @return whether it existed
	 */
	public boolean discard(String listenerId, String messageId) {
		return this.store.delete(listenerId, messageId);
	}

	/** The number of dead letters. */
	public long count() {
		return this.store.count();
	}

}
