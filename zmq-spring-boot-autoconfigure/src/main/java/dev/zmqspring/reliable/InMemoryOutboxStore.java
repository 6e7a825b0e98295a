package dev.zmqspring.reliable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntToLongFunction;

/**
 * An {@link OutboxStore} in memory, safe for concurrent use: for tests and for
 * applications without a {@code DataSource}. Its messages do not survive a restart, so
 * delivery is at-least-once only while the process runs, and a save never joins a
 * transaction.
 */
public final class InMemoryOutboxStore implements OutboxStore {

	private static final Comparator<OutboxMessage> SENDING_ORDER = Comparator
		.comparingLong(OutboxMessage::nextAttemptAt)
		.thenComparingLong(OutboxMessage::createdAt)
		.thenComparing(OutboxMessage::messageId);

	private final Map<String, OutboxMessage> messages = new ConcurrentHashMap<>();

	/**
	 * {@inheritDoc}
	 * @throws IllegalStateException when a message with the same id is stored already
	 */
	@Override
	public void save(OutboxMessage message) {
		OutboxMessage copy = copy(message, message.attempts(), message.nextAttemptAt());
		if (this.messages.putIfAbsent(message.messageId(), copy) != null) {
			throw new IllegalStateException("The outbox holds a message with id " + message.messageId() + " already");
		}
	}

	@Override
	public List<OutboxMessage> findDue(String endpoint, long now, int limit) {
		if (limit <= 0) {
			return Collections.emptyList();
		}
		return this.messages.values()
			.stream()
			.filter((message) -> message.endpoint().equals(endpoint) && message.nextAttemptAt() <= now)
			.sorted(SENDING_ORDER)
			.limit(limit)
			.map((message) -> copy(message, message.attempts(), message.nextAttemptAt()))
			.toList();
	}

	@Override
	public void reschedule(String messageId, int attempts, long nextAttemptAt) {
		this.messages.computeIfPresent(messageId,
				(id, message) -> (message.attempts() <= attempts) ? copy(message, attempts, nextAttemptAt) : message);
	}

	@Override
	public void delete(Collection<String> messageIds) {
		messageIds.forEach(this.messages::remove);
	}

	@Override
	public long count(String endpoint) {
		return this.messages.values().stream().filter((message) -> message.endpoint().equals(endpoint)).count();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Each message is claimed atomically: of senders claiming at once, one gets it.
	 */
	@Override
	public List<OutboxMessage> claimDue(String endpoint, long now, int limit, IntToLongFunction leaseUntil) {
		List<OutboxMessage> claimed = new ArrayList<>();
		for (OutboxMessage due : findDue(endpoint, now, limit)) {
			OutboxMessage sending = due.claimed(leaseUntil);
			OutboxMessage stored = copy(sending, sending.attempts(), sending.nextAttemptAt());
			boolean[] won = new boolean[1];
			this.messages.computeIfPresent(due.messageId(), (id, current) -> {
				if (current.attempts() != due.attempts() || current.nextAttemptAt() > now) {
					return current;
				}
				won[0] = true;
				return stored;
			});
			if (won[0]) {
				claimed.add(sending);
			}
		}
		return claimed;
	}

	// Payload arrays are copied in and out, as a database would, so no caller can change
	// a stored message.
	private static OutboxMessage copy(OutboxMessage message, int attempts, long nextAttemptAt) {
		return new OutboxMessage(message.messageId(), message.endpoint(), message.headers(), message.payload().clone(),
				message.createdAt(), attempts, nextAttemptAt);
	}

}
