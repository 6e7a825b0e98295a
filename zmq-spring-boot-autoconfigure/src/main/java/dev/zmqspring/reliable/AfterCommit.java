package dev.zmqspring.reliable;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Runs an action once the caller's transaction has committed, or at once when there is
 * none (or spring-tx is not on the classpath). A message stored in a transaction that
 * rolls back is never announced.
 */
final class AfterCommit {

	private static final boolean TX_PRESENT = ClassUtils.isPresent(
			"org.springframework.transaction.support.TransactionSynchronizationManager",
			AfterCommit.class.getClassLoader());

	private AfterCommit() {
	}

	static void run(Runnable action) {
		if (TX_PRESENT && Synchronizations.register(action)) {
			return;
		}
		action.run();
	}

	/** Kept apart so that nothing of spring-tx loads when it is absent. */
	private static final class Synchronizations {

		static boolean register(Runnable action) {
			if (!TransactionSynchronizationManager.isSynchronizationActive()) {
				return false;
			}
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					action.run();
				}
			});
			return true;
		}

	}

}
