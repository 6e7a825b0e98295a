package dev.zmqspring.reliable;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * A {@link DeadLetterStore} in memory, safe for concurrent use: for tests and for
 * applications without a {@code DataSource}. Its dead letters do not survive a restart.
 */
public final class InMemoryDeadLetterStore implements DeadLetterStore {

	private static final Comparator<DeadLetter> OLDEST_FIRST = Comparator.comparingLong(DeadLetter::failedAt)
		.thenComparing(DeadLetter::listenerId)
		.thenComparing(DeadLetter::messageId);

	private final Map<Key, DeadLetter> deadLetters = new ConcurrentHashMap<>();

	@Override
	public void save(DeadLetter deadLetter) {
		this.deadLetters.put(new Key(deadLetter.listenerId(), deadLetter.messageId()), copy(deadLetter));
	}

	@Override
	public List<DeadLetter> list(@Nullable String listenerId, int limit) {
		if (limit <= 0) {
			return Collections.emptyList();
		}
		return this.deadLetters.values()
			.stream()
			.filter((deadLetter) -> listenerId == null || deadLetter.listenerId().equals(listenerId))
			.sorted(OLDEST_FIRST)
			.limit(limit)
			.map(InMemoryDeadLetterStore::copy)
			.toList();
	}

	@Override
	public Optional<DeadLetter> find(String listenerId, String messageId) {
		return Optional.ofNullable(this.deadLetters.get(new Key(listenerId, messageId)))
			.map(InMemoryDeadLetterStore::copy);
	}

	@Override
	public boolean delete(String listenerId, String messageId) {
		return this.deadLetters.remove(new Key(listenerId, messageId)) != null;
	}

	@Override
	public long count() {
		return this.deadLetters.size();
	}

	// Payload arrays are copied in and out, as a database would, so no caller can change
	// a stored dead letter.
	private static DeadLetter copy(DeadLetter deadLetter) {
		byte[] payload = (deadLetter.payload() != null) ? deadLetter.payload().clone() : null;
		return new DeadLetter(deadLetter.listenerId(), deadLetter.messageId(), deadLetter.headers(), payload,
				deadLetter.error(), deadLetter.attempts(), deadLetter.failedAt());
	}

	private record Key(String listenerId, String messageId) {
	}

}
