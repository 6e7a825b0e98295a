package dev.zmqspring.reliable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ProcessedMessageStore} in memory, safe for concurrent use: for tests and for
 * applications without a {@code DataSource}. Its marks do not survive a restart, so a
 * message redelivered after one is processed again; and they do not join transactions
 * ({@link #isTransactional()} is {@code false}), so the caller removes the mark of a
 * listener that failed.
 */
public final class InMemoryProcessedMessageStore implements ProcessedMessageStore {

	private final Map<Key, Long> marks = new ConcurrentHashMap<>();

	@Override
	public boolean markProcessed(String listenerId, String messageId, long now) {
		return this.marks.putIfAbsent(new Key(listenerId, messageId), now) == null;
	}

	@Override
	public void unmark(String listenerId, String messageId) {
		this.marks.remove(new Key(listenerId, messageId));
	}

	@Override
	public int purgeOlderThan(long cutoff) {
		int purged = 0;
		for (Map.Entry<Key, Long> mark : this.marks.entrySet()) {
			if (mark.getValue() < cutoff && this.marks.remove(mark.getKey(), mark.getValue())) {
				purged++;
			}
		}
		return purged;
	}

	/** Returns {@code false}: marks are kept at once, outside any transaction. */
	@Override
	public boolean isTransactional() {
		return false;
	}

	private record Key(String listenerId, String messageId) {
	}

}
