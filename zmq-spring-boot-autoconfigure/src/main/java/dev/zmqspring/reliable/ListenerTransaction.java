package dev.zmqspring.reliable;

import java.util.function.Supplier;

/**
 * Runs a reliable listener's work, with its processed-id mark, in one transaction. Backed
 * by Spring's {@code TransactionTemplate} when the application has a transaction manager;
 * {@link #NONE} otherwise.
 */
@FunctionalInterface
public interface ListenerTransaction {

	/** Runs without a transaction. */
	ListenerTransaction NONE = Supplier::get;

	/**
	 * Runs work in a transaction that commits when it returns and rolls back when it
	 * throws.
	 * @param work the work
	 * @return what the work returned
	 */
	<T> T execute(Supplier<T> work);

}
