package dev.zmqspring.reliable;

/**
 * Remembers which messages each idempotent listener has processed, so that a redelivered
 * message is acknowledged without running the listener again. The JDBC implementation
 * writes in the listener's transaction: the mark and the listener's own database work
 * commit together, or neither does.
 */
public interface ProcessedMessageStore {

	/**
	 * Marks a message as processed by a listener.
	 * @param listenerId the listener id
	 * @param messageId the message id
	 * @param now the current time (epoch milliseconds)
	 * @return {@code true} if the mark is new, {@code false} if the listener had already
	 * processed the message
	 */
	boolean markProcessed(String listenerId, String messageId, long now);

	/**
	 * Removes a mark: used when there is no transaction to roll it back and the listener
	 * failed.
	 */
	void unmark(String listenerId, String messageId);

	/**
	 * Forgets marks older than a cutoff (the retention).
	 * @return how many marks were removed
	 */
	int purgeOlderThan(long cutoff);

	/**
	 * Whether marks are written in the surrounding transaction (so a failed listener's
	 * mark rolls back with it).
	 */
	boolean isTransactional();

}
