package dev.zmqspring.reliable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntToLongFunction;

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
	 * by then; unless another sender claimed it since (its attempts are higher than
	 * {@code attempts}), so that a late timeout of one instance never shortens another's
	 * claim.
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
	 * Claims due messages of an endpoint for one send each, oldest first, as
	 * {@link #findDue} orders them: each claimed message's attempts go up by one, and it
	 * is due again only when its lease ends, so that no other sender (another instance of
	 * the application on the same database) claims it before. A sender that dies leaves
	 * its claims to the others when their leases end.
	 * <p>
	 * The default finds and reschedules, which is right for one sender only: a store
	 * shared by several instances must claim atomically, as the starter's do.
	 * @param endpoint the endpoint name
	 * @param now the current time (epoch milliseconds)
	 * @param limit the maximum number of messages
	 * @param leaseUntil when a message is due again, from its attempts once claimed
	 * @return the claimed messages, with their attempts and lease as stored
	 */
	default List<OutboxMessage> claimDue(String endpoint, long now, int limit, IntToLongFunction leaseUntil) {
		List<OutboxMessage> claimed = new ArrayList<>();
		for (OutboxMessage message : findDue(endpoint, now, limit)) {
			OutboxMessage sending = message.claimed(leaseUntil);
			reschedule(sending.messageId(), sending.attempts(), sending.nextAttemptAt());
			claimed.add(sending);
		}
		return claimed;
	}

}
