package dev.zmqspring.listener;

import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.core.ThreadTally;
import org.jspecify.annotations.Nullable;

/**
 * Processes messages that arrived together in one transaction of their listener
 * ({@link TransactionalBatches}), and, when one of them fails, all of them again one
 * transaction each, so that the failure is handled for its own message only and the
 * others are processed (and answered) once.
 * <p>
 * A batch holds about {@link #TRANSACTION_NANOS} of the listener's work at most: a
 * listener that takes longer per message gets smaller batches, down to one message a
 * transaction, so that a transaction never holds its locks and connection for long, and a
 * failure repeats little work of other messages.
 */
final class TransactionBatch {

	/** How much of the listener's work one transaction holds at most: 50 ms. */
	static final long TRANSACTION_NANOS = 50_000_000;

	/**
	 * The listener's time per message, averaged over the last batches (any thread; a lost
	 * update only delays the average).
	 */
	private volatile double nanosPerMessage;

	private final MessageProcessor processor;

	private final TransactionalBatches batches;

	private TransactionBatch(MessageProcessor processor, TransactionalBatches batches) {
		this.processor = processor;
		this.batches = batches;
	}

	/**
	 * The batches of a processor's listener, or {@code null} when it processes a message
	 * a transaction.
	 */
	static @Nullable TransactionBatch of(MessageProcessor processor) {
		TransactionalBatches batches = processor.transactionalBatches();
		return (batches != null) ? new TransactionBatch(processor, batches) : null;
	}

	/**
	 * The most messages to process in one transaction: the listener's setting, fewer when
	 * its messages take long.
	 */
	int maxSize() {
		double perMessage = this.nanosPerMessage;
		if (perMessage <= 0) {
			// The first message alone: it tells how long the listener takes.
			return 1;
		}
		return (int) Math.max(1, Math.min(this.batches.transactionBatchSize(), TRANSACTION_NANOS / perMessage));
	}

	/**
	 * Processes the messages, in this order.
	 * @param messages the frames of each message, at most {@link #maxSize()}
	 * @param counter where their frames are counted
	 * @return the reply of each message (for REP/ROUTER endpoints) and whether the
	 * listener failed on it
	 */
	Outcomes process(List<List<byte[]>> messages, ThreadTally counter) {
		int count = messages.size();
		long start = System.nanoTime();
		byte[][][] replies = new byte[count][][];
		boolean[] failed = new boolean[count];
		List<Runnable> reports = new ArrayList<>();
		List<Runnable> rollbacks = new ArrayList<>();
		boolean committed = false;
		try {
			committed = count > 1 && this.batches.inOneTransaction(() -> {
				boolean[] failure = new boolean[1];
				for (int i = 0; i < count; i++) {
					replies[i] = this.processor.processInBatch(messages.get(i), failure, reports, rollbacks);
					failed[i] = failure[0];
				}
			});
		}
		finally {
			if (!committed) {
				// What the batch's observations saw was undone.
				rollbacks.forEach(Runnable::run);
			}
		}
		if (committed) {
			for (List<byte[]> frames : messages) {
				counter.count(frames);
			}
			reports.forEach(Runnable::run);
			measured(System.nanoTime() - start, count);
			return new Outcomes(replies, failed);
		}
		boolean[] failure = new boolean[1];
		for (int i = 0; i < count; i++) {
			replies[i] = this.processor.processReporting(messages.get(i), counter, failure);
			failed[i] = failure[0];
		}
		measured(System.nanoTime() - start, count);
		return new Outcomes(replies, failed);
	}

	private void measured(long nanos, int count) {
		double perMessage = (double) nanos / count;
		double average = this.nanosPerMessage;
		this.nanosPerMessage = (average <= 0) ? perMessage : average * 0.7 + perMessage * 0.3;
	}

	/**
	 * What processing a batch gave.
	 *
	 * @param replies the reply frames of each message, {@code null} where none is sent
	 * @param failed whether the listener failed on each message
	 */
	record Outcomes(byte[] @Nullable [][] replies, boolean[] failed) {
	}

}
