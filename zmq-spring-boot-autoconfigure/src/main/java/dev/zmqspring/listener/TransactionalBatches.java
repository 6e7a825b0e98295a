package dev.zmqspring.listener;

/**
 * A {@link ZmqMessageListener} of the starter's own (an at-least-once listener) whose
 * messages its container may process several in one transaction: one commit for a batch,
 * where one a message costs most of what a database-backed listener spends. The first
 * failure in a batch rolls the whole transaction back and is thrown as {@link Abort},
 * before the listener counts or handles it; the container then processes the batch's
 * messages one transaction each, as it would without batches, so that a failure is
 * handled for its own message only (the listener counts the failure as that message's
 * attempt then, without calling the application's method again). Not API.
 */
public interface TransactionalBatches {

	/**
	 * The most messages to process in one transaction; 1 or less when this listener's
	 * messages are processed one transaction each.
	 */
	int transactionBatchSize();

	/**
	 * Runs a batch in one transaction: commits when it returns normally, rolls back when
	 * a message failed.
	 * @param batch calls the listener for each message of the batch
	 * @return whether the batch committed; {@code false} when a message failed and
	 * everything was rolled back
	 */
	boolean inOneTransaction(Runnable batch);

	/**
	 * Thrown by the listener, during {@link #inOneTransaction}, for the first message
	 * that fails: the batch is abandoned and rolled back. Nothing of the failure has been
	 * counted or handled yet.
	 */
	final class Abort extends RuntimeException {

		private static final long serialVersionUID = 1L;

		/**
		 * Creates the signal.
		 * @param cause the failure
		 */
		public Abort(Throwable cause) {
			super("A message of a transaction's batch failed", cause, false, false);
		}

	}

}
