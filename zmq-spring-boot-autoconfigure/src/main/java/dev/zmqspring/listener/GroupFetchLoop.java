package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.ThreadTally;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqThreadFactory;
import dev.zmqspring.support.ErrorReply;
import dev.zmqspring.support.GroupFetchFrames;
import dev.zmqspring.support.HeadersJson;
import dev.zmqspring.support.ZmqMessageFormatException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * A member of a durable topic's subscription group: on a DEALER socket connected to the
 * publisher, fetches a batch of the group's messages, processes each (on worker threads
 * with concurrency above 1), and sends the acknowledgements and failures with the next
 * fetch. A fetch that gets no answer in time is sent again on a fresh connection; its
 * acknowledgements go with it, so none is lost (an acknowledgement applied twice is
 * harmless). How many messages a fetch asks for follows how fast the listener is, so that
 * a batch is processed well within its lease.
 */
final class GroupFetchLoop implements ReceiveLoop {

	private static final Log logger = LogFactory.getLog(GroupFetchLoop.class);

	/** How long the publisher may hold a fetch while nothing is due. */
	static final long WAIT_MS = 1000;

	private static final int FIRST_BATCH = 16;

	private static final int MAX_BATCH = 500;

	private static final byte[] EMPTY = new byte[0];

	/** How long a stopping member waits for the answer to its last fetch. */
	private static final long LAST_ANSWER_MS = 1000;

	private final String id;

	private final ZmqEndpoint endpoint;

	private final GroupSubscription subscription;

	private final int concurrency;

	private final LoopControl control;

	private final MessageProcessor processor;

	private final EndpointStatistics statistics;

	private final Map<String, Integer> acknowledged = new LinkedHashMap<>();

	private final Map<String, Integer> failed = new LinkedHashMap<>();

	private final Queue<ThreadTally> workerTallies = new ConcurrentLinkedQueue<>();

	private final ThreadLocal<ThreadTally> workerTally = new ThreadLocal<>();

	private long fetches;

	private int batchSize = FIRST_BATCH;

	/** The most messages a batch may have for this socket's max-message-frames. */
	private final int fitting;

	/**
	 * Processes messages several in one transaction, or {@code null} when the listener
	 * takes one a transaction.
	 */
	private final @Nullable TransactionBatch transactions;

	/** Creates the workers, which own no socket: the fetch loop acknowledges for them. */
	private final ZmqThreadFactory threads;

	GroupFetchLoop(String id, ZmqEndpoint endpoint, GroupSubscription subscription, int concurrency,
			LoopControl control, MessageProcessor processor, EndpointStatistics statistics, ZmqThreadFactory threads) {
		this.id = id;
		this.endpoint = endpoint;
		this.subscription = subscription;
		this.concurrency = concurrency;
		this.control = control;
		this.processor = processor;
		this.statistics = statistics;
		this.threads = threads;
		this.fitting = GroupFetchFrames.messagesFitting(endpoint.settings().maxMessageFrames());
		this.transactions = TransactionBatch.of(processor);
	}

	@Override
	public void run(ZMQ.Socket socket) {
		socket.setReceiveTimeOut(LoopControl.POLL_INTERVAL_MS);
		ExecutorService workers = (this.concurrency > 1) ? Executors.newFixedThreadPool(this.concurrency, workers())
				: null;
		ThreadTally counter = this.statistics.openReceivedTally();
		try {
			loop(socket, workers, counter);
			acknowledgeLast(socket);
		}
		finally {
			if (workers != null) {
				workers.shutdown();
				awaitTermination(workers);
			}
			this.statistics.closeReceivedTally(counter);
			ThreadTally tally;
			while ((tally = this.workerTallies.poll()) != null) {
				this.statistics.closeReceivedTally(tally);
			}
		}
	}

	private ThreadFactory workers() {
		AtomicInteger number = new AtomicInteger();
		return (task) -> this.threads.newWorkerThread("zmq-listener-" + this.id + "-" + number.incrementAndGet(), task);
	}

	private void loop(ZMQ.Socket socket, @Nullable ExecutorService workers, ThreadTally counter) {
		while (!this.control.isStopping()) {
			if (this.control.isPaused()) {
				this.control.awaitResumed();
				continue;
			}
			String fetchId = Long.toString(++this.fetches);
			if (!send(socket, fetchId, Math.min(this.batchSize, this.fitting), WAIT_MS)) {
				// No publisher connected (not yet, or gone): what this member
				// acknowledged
				// goes with the next fetch.
				this.control.awaitStop(LoopControl.POLL_INTERVAL_MS);
				continue;
			}
			Answer answer = await(socket, fetchId, WAIT_MS + this.endpoint.requestTimeout().toMillis());
			if (answer == null) {
				if (!this.control.isStopping()) {
					reconnect(socket);
				}
				continue;
			}
			if (answer.batch() == null) {
				// The publisher failed the fetch (its database is down, say): what this
				// member acknowledged goes with the next one.
				this.control.awaitStop(LoopControl.POLL_INTERVAL_MS);
				continue;
			}
			this.acknowledged.clear();
			this.failed.clear();
			// A pause that came while this thread waited: hold the batch until resumed.
			while (this.control.isPaused() && !this.control.isStopping()) {
				this.control.awaitResumed();
			}
			process(answer.batch(), workers, counter);
		}
	}

	/**
	 * Sends a fetch without waiting: a DEALER with no publisher connected would block,
	 * and a stopping member must never wait for a publisher that is gone.
	 * @return whether the fetch was sent
	 */
	private boolean send(ZMQ.Socket socket, String fetchId, int max, long waitMillis) {
		byte[] fetch = GroupFetchFrames
			.encode(new GroupFetchFrames.Fetch(fetchId, this.subscription.group(), this.subscription.fromEarliest(),
					max, waitMillis, this.acknowledged, this.failed, this.endpoint.topics()));
		if (!socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
			return false;
		}
		socket.send(fetch, 0);
		return true;
	}

	/**
	 * Waits for the answer to a fetch; answers to earlier fetches that came too late are
	 * dropped (their messages are due again for the group when their lease ends).
	 * @return the answer, or {@code null} when none came in time or the loop is stopping
	 */
	private @Nullable Answer await(ZMQ.Socket socket, String fetchId, long timeoutMillis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (!this.control.isStopping() && System.nanoTime() - deadline < 0) {
			List<byte[]> frames = Frames.receive(socket, 0);
			if (frames == null) {
				continue;
			}
			if (frames.size() < 2 || frames.get(0).length != 0) {
				this.statistics.error("A fetch answer without the empty delimiter was discarded");
				continue;
			}
			List<byte[]> body = frames.subList(1, frames.size());
			if (body.size() == 1 && ErrorReply.isErrorReply(body.get(0))) {
				String problem = "The publisher failed a fetch of group '" + this.subscription.group() + "': "
						+ ErrorReply.message(body.get(0));
				this.statistics.error(problem);
				logger.warn("Listener '" + this.id + "': " + problem);
				return new Answer(null);
			}
			try {
				GroupFetchFrames.Batch batch = GroupFetchFrames.decodeBatch(body);
				if (batch.fetchId().equals(fetchId)) {
					return new Answer(batch);
				}
				this.statistics.error("A late fetch answer was dropped; its messages are due again for the group"
						+ " when their lease ends");
			}
			catch (ZmqMessageFormatException ex) {
				this.statistics.error("A fetch answer could not be read: " + ex.getMessage());
			}
		}
		return null;
	}

	private void process(GroupFetchFrames.Batch batch, @Nullable ExecutorService workers, ThreadTally counter) {
		if (batch.messages().isEmpty()) {
			return;
		}
		long start = System.nanoTime();
		List<Boolean> outcomes = (this.transactions != null) ? processInTransactions(batch, workers, counter)
				: processEach(batch, workers, counter);
		for (int i = 0; i < outcomes.size(); i++) {
			Map<String, String> headers = headers(batch.messages().get(i)[1]);
			String messageId = headers.get("message_id");
			if (messageId == null) {
				continue;
			}
			if (outcomes.get(i)) {
				this.acknowledged.put(messageId, attempt(headers));
			}
			else {
				this.failed.put(messageId, attempt(headers));
			}
		}
		adaptBatchSize(batch, System.nanoTime() - start);
	}

	private List<Boolean> processEach(GroupFetchFrames.Batch batch, @Nullable ExecutorService workers,
			ThreadTally counter) {
		List<Boolean> outcomes = new ArrayList<>(batch.messages().size());
		if (workers == null) {
			for (byte[][] message : batch.messages()) {
				outcomes.add(this.processor.processForAcknowledgement(List.of(message), counter));
			}
			return outcomes;
		}
		List<Future<Boolean>> pending = new ArrayList<>();
		for (byte[][] message : batch.messages()) {
			pending.add(workers.submit(() -> this.processor.processForAcknowledgement(List.of(message), tally())));
		}
		for (Future<Boolean> outcome : pending) {
			outcomes.add(outcome(outcome));
		}
		return outcomes;
	}

	/**
	 * Processes the batch in transactions of several messages: in order on this thread,
	 * or split in as many consecutive parts as there are workers.
	 */
	private List<Boolean> processInTransactions(GroupFetchFrames.Batch batch, @Nullable ExecutorService workers,
			ThreadTally counter) {
		TransactionBatch transactions = this.transactions;
		List<List<byte[]>> messages = batch.messages().stream().map(List::of).toList();
		int parts = (workers != null) ? this.concurrency : 1;
		int size = Math.max(1, Math.min(transactions.maxSize(), (messages.size() + parts - 1) / parts));
		List<Boolean> outcomes = new ArrayList<>(messages.size());
		if (workers == null) {
			for (int from = 0; from < messages.size(); from += size) {
				addOutcomes(outcomes,
						transactions.process(messages.subList(from, Math.min(from + size, messages.size())), counter));
			}
			return outcomes;
		}
		List<Future<TransactionBatch.Outcomes>> pending = new ArrayList<>();
		List<Integer> partSizes = new ArrayList<>();
		for (int from = 0; from < messages.size(); from += size) {
			List<List<byte[]>> part = messages.subList(from, Math.min(from + size, messages.size()));
			pending.add(workers.submit(() -> transactions.process(part, tally())));
			partSizes.add(part.size());
		}
		for (int i = 0; i < pending.size(); i++) {
			TransactionBatch.Outcomes done = outcomes(pending.get(i));
			if (done != null) {
				addOutcomes(outcomes, done);
			}
			else {
				// Not processed (the member is stopping): delivered again.
				outcomes.addAll(Collections.nCopies(partSizes.get(i), false));
			}
		}
		return outcomes;
	}

	private static void addOutcomes(List<Boolean> outcomes, TransactionBatch.Outcomes done) {
		for (boolean failed : done.failed()) {
			outcomes.add(!failed);
		}
	}

	/**
	 * Asks for as many messages as take about half the lease to process, so that a batch
	 * is acknowledged before its lease ends even when the listener slows down.
	 */
	private void adaptBatchSize(GroupFetchFrames.Batch batch, long nanos) {
		double perMessage = Math.max(1, (double) nanos / batch.messages().size());
		double fitting = TimeUnit.MILLISECONDS.toNanos(batch.leaseMillis()) / 2.0 / perMessage;
		int next = (int) Math.max(1, Math.min(MAX_BATCH, fitting));
		// Grows at most twice per batch, shrinks at once.
		this.batchSize = Math.min(next, Math.max(FIRST_BATCH, this.batchSize * 2));
	}

	private ThreadTally tally() {
		ThreadTally tally = this.workerTally.get();
		if (tally == null) {
			tally = this.statistics.openReceivedTally();
			this.workerTally.set(tally);
			this.workerTallies.add(tally);
		}
		return tally;
	}

	private static TransactionBatch.@Nullable Outcomes outcomes(Future<TransactionBatch.Outcomes> part) {
		try {
			return part.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException ex) {
			return null;
		}
	}

	private static boolean outcome(Future<Boolean> outcome) {
		try {
			return outcome.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			return false;
		}
	}

	private static Map<String, String> headers(byte[] frame) {
		try {
			return HeadersJson.read(new String(frame, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return Map.of();
		}
	}

	private static int attempt(Map<String, String> headers) {
		try {
			return Integer.parseInt(headers.getOrDefault("attempt", "0"));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Sends what this member acknowledged last with a fetch of nothing, and waits a
	 * moment for its answer: the group does not get those messages again, and the
	 * publisher answers the fetch it may still hold for this member at once, instead of
	 * claiming messages for a member that is gone (they would reach the group only when
	 * their lease ends).
	 */
	private void acknowledgeLast(ZMQ.Socket socket) {
		try {
			String fetchId = Long.toString(++this.fetches);
			if (!send(socket, fetchId, 0, 0)) {
				return;
			}
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LAST_ANSWER_MS);
			while (System.nanoTime() - deadline < 0) {
				List<byte[]> frames = Frames.receive(socket, 0);
				if (frames != null && frames.size() > 1 && lastAnswered(frames.subList(1, frames.size()), fetchId)) {
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Listener '" + this.id + "' could not send its last acknowledgements", ex);
		}
	}

	private static boolean lastAnswered(List<byte[]> body, String fetchId) {
		try {
			return GroupFetchFrames.decodeBatch(body).fetchId().equals(fetchId);
		}
		catch (ZmqMessageFormatException ex) {
			return false;
		}
	}

	/**
	 * Connects afresh after a fetch got no answer, so that the next goes to a publisher
	 * that is alive (the Lazy Pirate step). A binding member keeps its socket.
	 */
	private void reconnect(ZMQ.Socket socket) {
		if (this.endpoint.bind()) {
			return;
		}
		for (String address : this.endpoint.addresses()) {
			socket.disconnect(address);
			socket.connect(address);
		}
	}

	private static void awaitTermination(ExecutorService workers) {
		try {
			workers.awaitTermination(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The answer to a fetch: a batch, or {@code null} when the publisher failed it. */
	private record Answer(GroupFetchFrames.@Nullable Batch batch) {
	}

}
