package dev.zmqspring.reliable;

import java.util.Collection;
import java.util.List;

/**
 * Durable storage of outgoing at-least-once messages. The JDBC implementation writes to
 * the application's {@code DataSource}, inside the caller's transaction when one is
 * active, so that a business row and its message commit (or roll back) together.
 */
public interface OutboxStore {

	/**
	 * Stores a new message; joins the caller's transaction when there is one.
	 */
	void save(OutboxMessage message);

	/**
	 * Finds messages of an endpoint that are due, oldest first.
	 * @param endpoint the endpoint name
	 * @param now the current time (epoch milliseconds): messages with
	 * {@code nextAttemptAt <= now} are due
	 * @param limit the maximum number of messages
	 */
	List<OutboxMessage> findDue(String endpoint, long now, int limit);

	/**
	 * Records a send attempt and when the message is due again if it is not acknowledged
	 * by then.
	 */
	void reschedule(String messageId, int attempts, long nextAttemptAt);

	/**
	 * Removes acknowledged messages.
	 */
	void delete(Collection<String> messageIds);

	/**
	 * Counts the messages of an endpoint that are not acknowledged yet (the outbox
	 * depth).
	 */
	long count(String endpoint);

	/**
	 * Makes every message of an endpoint due now: called at startup, so that messages
	 * that were in flight when the process stopped are sent again at once.
	 */
	void makeAllDue(String endpoint, long now);

}
