package dev.zmqspring.reliable;

import dev.zmqspring.listener.ZmqMessageListener;
import dev.zmqspring.observation.ZmqObservations;

/**
 * Wraps the listeners of at-least-once endpoints in a {@code ReliableMessageListener},
 * with the application's stores, transaction and settings.
 */
public class ReliableListenerFactory {

	private final ProcessedMessageStore processedStore;

	private final DeadLetterStore deadLetterStore;

	private final ListenerTransaction transaction;

	private final ReliableSettings settings;

	private final ReliableDeliveryRegistry registry;

	private ZmqObservations observations = ZmqObservations.NONE;

	public ReliableListenerFactory(ProcessedMessageStore processedStore, DeadLetterStore deadLetterStore,
			ListenerTransaction transaction, ReliableSettings settings, ReliableDeliveryRegistry registry) {
		this.processedStore = processedStore;
		this.deadLetterStore = deadLetterStore;
		this.transaction = transaction;
		this.settings = settings;
		this.registry = registry;
	}

	/**
	 * Sets where a dead letter is recorded as an event of the listener's observation.
	 * @param observations the observations ({@link ZmqObservations#NONE}: none)
	 */
	public void setObservations(ZmqObservations observations) {
		this.observations = observations;
	}

	/**
	 * Wraps a listener.
	 * @param listenerId the container id
	 * @param delegate the application's listener
	 * @param idempotent whether to process each message id once
	 * @return the listener to register
	 */
	public ZmqMessageListener wrap(String listenerId, ZmqMessageListener delegate, boolean idempotent) {
		return wrap(listenerId, delegate, idempotent, false);
	}

	/**
	 * Wraps a listener.
	 * @param listenerId the container id
	 * @param delegate the application's listener
	 * @param idempotent whether to process each message id once
	 * @param groupMember whether the listener is a member of a durable topic's group,
	 * whose deliveries' {@code attempt} header counts towards {@code max-attempts}
	 * @return the listener to register
	 */
	public ZmqMessageListener wrap(String listenerId, ZmqMessageListener delegate, boolean idempotent,
			boolean groupMember) {
		ReliableMessageListener listener = new ReliableMessageListener(listenerId, delegate, idempotent,
				this.processedStore, this.deadLetterStore, this.transaction, this.settings.maxAttempts(),
				this.registry.statistics(listenerId), groupMember, this.settings.transactionBatchSize());
		listener.setObservations(this.observations);
		return listener;
	}

}
