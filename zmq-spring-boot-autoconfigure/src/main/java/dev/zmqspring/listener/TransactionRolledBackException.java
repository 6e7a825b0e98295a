package dev.zmqspring.listener;

/**
 * Ends the observation of a message whose batch transaction rolled back: what its
 * listener did was undone, and the message is processed again on its own (another
 * observation). Never thrown.
 */
final class TransactionRolledBackException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	TransactionRolledBackException() {
		super("The transaction of this message's batch rolled back; the message is processed again on its own", null,
				false, false);
	}

}
