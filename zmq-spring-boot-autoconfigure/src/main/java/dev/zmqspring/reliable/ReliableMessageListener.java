package dev.zmqspring.reliable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import dev.zmqspring.listener.Promises;
import dev.zmqspring.listener.TransactionalBatches;
import dev.zmqspring.listener.ZmqMessageListener;
import dev.zmqspring.observation.ZmqObservation;
import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.ZmqMessageFormatException;
import dev.zmqspring.support.converter.ZmqConversionException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The receiving side of at-least-once delivery: runs the listener and answers with an
 * acknowledgement once it has returned (and its transaction has committed). An idempotent
 * listener first records the message id in the {@link ProcessedMessageStore}, in the same
 * transaction as its own work, so a redelivered message is acknowledged without running
 * the method again. After {@code maxAttempts} failures a message is moved to the
 * {@link DeadLetterStore} and acknowledged, so that one poison message does not block the
 * sender's outbox.
 * <p>
 * With a transaction manager, its container may process several messages in one
 * transaction ({@link TransactionalBatches}): a failure in a batch rolls it back before
 * anything of it is counted, and the container processes the batch again one message a
 * transaction, so that failures are counted and dead-lettered for their own messages.
 */
class ReliableMessageListener implements ZmqMessageListener, TransactionalBatches {

	private static final Log logger = LogFactory.getLog(ReliableMessageListener.class);

	private static final int MAX_TRACKED_FAILURES = 10_000;

	private final String listenerId;

	private final ZmqMessageListener delegate;

	private final boolean idempotent;

	private final ProcessedMessageStore processedStore;

	private final DeadLetterStore deadLetterStore;

	private final ListenerTransaction transactions;

	private final int maxAttempts;

	private final ReliableStatistics statistics;

	private final boolean countDeliveries;

	private final int transactionBatchSize;

	/** The batch running on this thread; unset outside batches. */
	private final ThreadLocal<BatchState> batches = new ThreadLocal<>();

	/**
	 * The failure of the listener that rolled back the last batch on this thread, until
	 * its message is processed again on its own: it counts as that attempt, and the
	 * listener is not called a second time for it.
	 */
	private final ThreadLocal<Abandoned> abandoned = new ThreadLocal<>();

	private final Map<String, Integer> failures = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
			return size() > MAX_TRACKED_FAILURES;
		}
	});

	private ZmqObservations observations = ZmqObservations.NONE;

	/**
	 * Creates the listener.
	 * @param listenerId the container id (the key of processed ids and dead letters)
	 * @param delegate the application's listener
	 * @param idempotent whether to deduplicate by message id
	 * @param processedStore processed message ids
	 * @param deadLetterStore dead letters
	 * @param transactions the transaction to run the listener in
	 * ({@link ListenerTransaction#NONE} when there is no transaction manager)
	 * @param maxAttempts failures before a message is dead-lettered
	 * @param statistics the counters
	 */
	public ReliableMessageListener(String listenerId, ZmqMessageListener delegate, boolean idempotent,
			ProcessedMessageStore processedStore, DeadLetterStore deadLetterStore, ListenerTransaction transactions,
			int maxAttempts, ReliableStatistics statistics) {
		this(listenerId, delegate, idempotent, processedStore, deadLetterStore, transactions, maxAttempts, statistics,
				false, 1);
	}

	/**
	 * Creates the listener.
	 * @param countDeliveries whether a failed message's {@code attempt} header counts as
	 * its failures so far (durable topics, whose deliveries go to any member of a group)
	 * @param transactionBatchSize the most messages to process in one transaction (used
	 * only with a transaction, and a transactional processed-message store when
	 * idempotent)
	 */
	ReliableMessageListener(String listenerId, ZmqMessageListener delegate, boolean idempotent,
			ProcessedMessageStore processedStore, DeadLetterStore deadLetterStore, ListenerTransaction transactions,
			int maxAttempts, ReliableStatistics statistics, boolean countDeliveries, int transactionBatchSize) {
		this.countDeliveries = countDeliveries;
		// Only on Spring's transaction manager: a batch's messages share its transaction
		// (another ListenerTransaction may commit each message on its own).
		boolean batchable = transactions instanceof SpringListenerTransaction
				&& (!idempotent || processedStore.isTransactional());
		this.transactionBatchSize = batchable ? transactionBatchSize : 1;
		this.listenerId = listenerId;
		this.delegate = delegate;
		this.idempotent = idempotent;
		this.processedStore = processedStore;
		this.deadLetterStore = deadLetterStore;
		this.transactions = transactions;
		this.maxAttempts = maxAttempts;
		this.statistics = statistics;
	}

	@Override
	public Object onMessage(ZmqMessage message) throws Exception {
		String messageId = message.getHeaders().get(ReliableHeaders.MESSAGE_ID);
		if (messageId == null || messageId.isEmpty() || messageId.length() > 64) {
			throw new ZmqMessageFormatException("An at-least-once message needs a message_id header of 1 to 64"
					+ " characters; send it through an endpoint with delivery at-least-once");
		}
		BatchState batch = this.batches.get();
		Abandoned failedInBatch = this.abandoned.get();
		if (batch == null && failedInBatch != null && failedInBatch.messageId().equals(messageId)) {
			this.abandoned.remove();
			rethrowOrDeadLetter(message, messageId, failedInBatch.failure());
			this.statistics.acknowledged();
			return ReliableHeaders.ack(messageId);
		}
		try {
			boolean processed = this.idempotent ? processOnce(message, messageId) : processAlways(message);
			if (batch != null) {
				// Counted once the batch commits.
				batch.processed(messageId, processed);
				return ReliableHeaders.ack(messageId);
			}
			this.failures.remove(messageId);
			if (!processed) {
				this.statistics.duplicate();
			}
		}
		catch (Exception ex) {
			if (batch != null) {
				// The batch is rolled back and processed again a message at a time: the
				// failure is counted and handled when this message's turn comes. Without
				// calling the method again only when the failure is surely its own: the
				// batch's first message, or one that can never be read (a failure can
				// come from an earlier message's work in the shared transaction, such as
				// a flush or an aborted PostgreSQL transaction; a store that failed is
				// tried again).
				if (!(ex instanceof StoreUnavailableException) && (batch.isEmpty() || unreadable(ex))) {
					this.abandoned.set(new Abandoned(messageId, ex));
				}
				throw new Abort(ex);
			}
			rethrowOrDeadLetter(message, messageId, ex);
		}
		this.statistics.acknowledged();
		return ReliableHeaders.ack(messageId);
	}

	@Override
	public int transactionBatchSize() {
		return this.transactionBatchSize;
	}

	@Override
	public boolean inOneTransaction(Runnable batch) {
		BatchState state = new BatchState();
		this.abandoned.remove();
		this.batches.set(state);
		try {
			this.transactions.execute(() -> {
				// Whether it committed is known from the transaction itself: an
				// exception after the commit (a synchronization's afterCommit) does not
				// undo it.
				if (TransactionSynchronizationManager.isSynchronizationActive()) {
					TransactionSynchronizationManager.registerSynchronization(state);
				}
				batch.run();
				return true;
			});
		}
		catch (Abort ex) {
			return false;
		}
		catch (RuntimeException | Error ex) {
			if (!state.committed()) {
				// The commit failed (the database went away, say), or its outcome is
				// unknown: the messages are processed again a transaction each, where
				// each failure is handled (an idempotent listener finds what did commit).
				logger.debug("Listener '" + this.listenerId + "' could not commit a batch; processing it a message"
						+ " at a time", ex);
				return false;
			}
			logger.warn("Listener '" + this.listenerId + "' committed a batch, then failed after the commit", ex);
		}
		finally {
			this.batches.remove();
		}
		for (Map.Entry<String, Boolean> processed : state.outcomes()) {
			this.failures.remove(processed.getKey());
			if (!processed.getValue()) {
				this.statistics.duplicate();
			}
			this.statistics.acknowledged();
		}
		return true;
	}

	/**
	 * Counts a failure of the listener: thrown again to be delivered again, or, once the
	 * message has failed {@code maxAttempts} times (or can never be read), dead-lettered.
	 */
	private void rethrowOrDeadLetter(ZmqMessage message, String messageId, Exception ex) throws Exception {
		if (ex instanceof StoreUnavailableException) {
			// Not the message's fault (a lock held by a concurrent redelivery, a database
			// hiccup): no attempt counted.
			throw ex;
		}
		int failed = this.failures.merge(messageId, 1, Integer::sum);
		if (this.countDeliveries) {
			// A durable topic's delivery: the attempts of other members, and of this
			// one before a restart, count too.
			failed = Math.max(failed, attempt(message));
		}
		// A message that cannot be read, or fails validation, would fail every
		// attempt: dead-lettered at once.
		if (failed < this.maxAttempts && !unreadable(ex)) {
			throw (ex instanceof ListenerFailedException wrapped) ? (Exception) wrapped.getCause() : ex;
		}
		deadLetter(message, messageId, failed, ex);
	}

	private static int attempt(ZmqMessage message) {
		try {
			String attempt = message.getHeaders().get(ReliableHeaders.ATTEMPT);
			return (attempt != null) ? Integer.parseInt(attempt) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static boolean unreadable(Exception ex) {
		Throwable cause = (ex instanceof ListenerFailedException) ? ex.getCause() : ex;
		return cause instanceof MethodArgumentNotValidException || cause instanceof ZmqConversionException
				|| cause instanceof ZmqMessageFormatException;
	}

	private boolean processAlways(ZmqMessage message) {
		return this.transactions.execute(() -> {
			invoke(message);
			return true;
		});
	}

	private boolean processOnce(ZmqMessage message, String messageId) {
		if (!this.processedStore.isTransactional()) {
			if (!mark(messageId)) {
				return false;
			}
			try {
				invoke(message);
				return true;
			}
			catch (RuntimeException | Error ex) {
				this.processedStore.unmark(this.listenerId, messageId);
				throw ex;
			}
		}
		return this.transactions.execute(() -> {
			if (!mark(messageId)) {
				return false;
			}
			invoke(message);
			return true;
		});
	}

	private boolean mark(String messageId) {
		try {
			return this.processedStore.markProcessed(this.listenerId, messageId, System.currentTimeMillis());
		}
		catch (RuntimeException ex) {
			throw new StoreUnavailableException(messageId, ex);
		}
	}

	private void invoke(ZmqMessage message) {
		try {
			// A listener that completes later is waited for: the message is acknowledged
			// only once it is processed, and a failure it completes with is a failure.
			CompletionStage<?> promise = Promises.of(this.delegate.onMessage(message));
			if (promise != null) {
				Promises.await(promise);
			}
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new ListenerFailedException(ex);
		}
	}

	private void deadLetter(ZmqMessage message, String messageId, int attempts, Exception ex) {
		Throwable cause = (ex instanceof ListenerFailedException) ? ex.getCause() : ex;
		String error = cause.getClass().getName() + ": " + cause.getMessage();
		this.deadLetterStore.save(new DeadLetter(this.listenerId, messageId, wireHeaders(message), message.getPayload(),
				(error.length() > 2000) ? error.substring(0, 2000) : error, attempts, System.currentTimeMillis()));
		this.failures.remove(messageId);
		this.statistics.deadLettered();
		this.observations.event(ZmqObservation.Events.DEAD_LETTER);
		logger.error("Listener '" + this.listenerId + "' failed " + attempts + " times on message " + messageId
				+ "; moved it to the dead-letter store", cause);
	}

	/**
	 * Sets where a dead letter is recorded: as an event of the listener's observation.
	 * @param observations the observations ({@link ZmqObservations#NONE}: none)
	 */
	void setObservations(ZmqObservations observations) {
		this.observations = observations;
	}

	private static Map<String, String> wireHeaders(ZmqMessage message) {
		Map<String, String> headers = new LinkedHashMap<>(message.getHeaders().asMap());
		headers.keySet().removeIf(name -> name.startsWith("zmq_"));
		return headers;
	}

	/** A listener's failure on a message of a batch that was rolled back for it. */
	private record Abandoned(String messageId, Exception failure) {
	}

	/**
	 * What a batch has done so far, applied once it has committed, and whether it did.
	 */
	private static final class BatchState implements TransactionSynchronization {

		/** Each message processed (true) or found processed already (false), in order. */
		private final List<Map.Entry<String, Boolean>> outcomes = new ArrayList<>();

		private volatile boolean committed;

		void processed(String messageId, boolean processed) {
			this.outcomes.add(Map.entry(messageId, processed));
		}

		/** Whether no message of the batch has been processed yet. */
		boolean isEmpty() {
			return this.outcomes.isEmpty();
		}

		List<Map.Entry<String, Boolean>> outcomes() {
			return this.outcomes;
		}

		boolean committed() {
			return this.committed;
		}

		@Override
		public void afterCompletion(int status) {
			this.committed = status == STATUS_COMMITTED;
		}

	}

	/**
	 * The processed-message store failed; the message will be redelivered and tried
	 * again.
	 */
	static final class StoreUnavailableException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		StoreUnavailableException(String messageId, RuntimeException cause) {
			super("The processed-message store failed for message " + messageId + " (delivered again later): "
					+ cause.getMessage(), cause);
		}

	}

	/** Carries a checked exception of the listener through the transaction callback. */
	static final class ListenerFailedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ListenerFailedException(Exception cause) {
			super(cause.getMessage(), cause);
		}

	}

}
