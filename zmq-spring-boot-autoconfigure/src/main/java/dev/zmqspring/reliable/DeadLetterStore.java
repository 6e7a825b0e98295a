package dev.zmqspring.reliable;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Storage of dead letters: poison messages that a listener gave up on.
 */
public interface DeadLetterStore {

	/** Stores a dead letter (replacing one with the same listener and message id). */
	void save(DeadLetter deadLetter);

	/**
	 * Lists dead letters, oldest first.
	 * @param listenerId only this listener's, or {@code null} for all
	 * @param limit the maximum number
	 */
	List<DeadLetter> list(@Nullable String listenerId, int limit);

	/** Finds one dead letter. */
	Optional<DeadLetter> find(String listenerId, String messageId);

	/** Removes one dead letter; returns whether it existed. */
	boolean delete(String listenerId, String messageId);

	/** Counts all dead letters. */
	long count();

}
