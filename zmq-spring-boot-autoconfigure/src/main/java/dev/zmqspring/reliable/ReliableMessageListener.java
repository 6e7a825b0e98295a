package dev.zmqspring.reliable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import dev.zmqspring.listener.Promises;
import dev.zmqspring.listener.ZmqMessageListener;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.ZmqMessageFormatException;
import dev.zmqspring.support.converter.ZmqConversionException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;

/**
 * The receiving side of at-least-once delivery: runs the listener and answers with an
 * acknowledgement once it has returned (and its transaction has committed). An idempotent
 * listener first records the message id in the {@link ProcessedMessageStore}, in the same
 * transaction as its own work, so a redelivered message is acknowledged without running
 * the method again. After {@code maxAttempts} failures a message is moved to the
 * {@link DeadLetterStore} and acknowledged, so that one poison message does not block the
 * sender's outbox.
 */
class ReliableMessageListener implements ZmqMessageListener {

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

	private final Map<String, Integer> failures = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
			return size() > MAX_TRACKED_FAILURES;
		}
	});

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
				false);
	}

	/**
	 * Creates the listener.
	 * @param countDeliveries whether a failed message's {@code attempt} header counts as
	 * its failures so far (durable topics, whose deliveries go to any member of a group)
	 */
	ReliableMessageListener(String listenerId, ZmqMessageListener delegate, boolean idempotent,
			ProcessedMessageStore processedStore, DeadLetterStore deadLetterStore, ListenerTransaction transactions,
			int maxAttempts, ReliableStatistics statistics, boolean countDeliveries) {
		this.countDeliveries = countDeliveries;
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
		try {
			boolean processed = this.idempotent ? processOnce(message, messageId) : processAlways(message);
			if (!processed) {
				this.statistics.duplicate();
			}
			this.failures.remove(messageId);
		}
		catch (StoreUnavailableException ex) {
			// Not the message's fault (a lock held by a concurrent redelivery, a database
			// hiccup): no attempt counted.
			throw ex;
		}
		catch (Exception ex) {
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
		this.statistics.acknowledged();
		return ReliableHeaders.ack(messageId);
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
			throw new StoreUnavailableException(ex);
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
		logger.error("Listener '" + this.listenerId + "' failed " + attempts + " times on message " + messageId
				+ "; moved it to the dead-letter store", cause);
	}

	private static Map<String, String> wireHeaders(ZmqMessage message) {
		Map<String, String> headers = new LinkedHashMap<>(message.getHeaders().asMap());
		headers.keySet().removeIf(name -> name.startsWith("zmq_"));
		return headers;
	}

	/**
	 * The processed-message store failed; the message will be redelivered and tried
	 * again.
	 */
	static final class StoreUnavailableException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		StoreUnavailableException(RuntimeException cause) {
			super("The processed-message store failed: " + cause.getMessage(), cause);
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
