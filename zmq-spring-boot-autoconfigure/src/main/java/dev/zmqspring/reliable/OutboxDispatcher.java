package dev.zmqspring.reliable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.core.EndpointSender;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqThreadFactory;
import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.support.ZmqFrameEncoder;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Sends the outbox of one at-least-once endpoint: takes due messages from the
 * {@link OutboxStore}, sends each as a request with its message id, deletes it when the
 * receiver acknowledges it, and schedules it again with back-off when no acknowledgement
 * comes. All store access happens on this dispatcher's own thread; completions from the
 * socket's thread are handed over through a queue.
 */
final class OutboxDispatcher {

	private static final Log logger = LogFactory.getLog(OutboxDispatcher.class);

	private static final int BATCH = 500;

	private final ZmqEndpoint endpoint;

	private final EndpointSender client;

	private final ZmqFrameEncoder encoder;

	private final OutboxStore store;

	private final ReliableSettings settings;

	private final ReliableStatistics statistics;

	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();

	private final WakeSignal signal = new WakeSignal();

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile boolean stopping;

	private volatile @Nullable String lastError;

	/**
	 * The times this dispatcher rescheduled failed messages to, earliest first
	 * (dispatcher thread only).
	 */
	private final PriorityQueue<Long> retryTimes = new PriorityQueue<>();

	/** How many messages may be unacknowledged at once (dispatcher thread only). */
	private final SendWindow window;

	/** Messages that timed out and wait for their back-off (dispatcher thread only). */
	private final LostMessages lost = new LostMessages();

	private final ZmqObservations observations;

	/** Whether each try is observed, asked once. */
	private final boolean observed;

	/** Completions not applied to the store yet (dispatcher thread only). */
	private final List<Completion> unapplied = new ArrayList<>();

	OutboxDispatcher(ZmqEndpoint endpoint, EndpointSender client, ZmqFrameEncoder encoder, OutboxStore store,
			ReliableSettings settings, ReliableStatistics statistics) {
		this(endpoint, client, encoder, store, settings, statistics, ZmqObservations.NONE);
	}

	OutboxDispatcher(ZmqEndpoint endpoint, EndpointSender client, ZmqFrameEncoder encoder, OutboxStore store,
			ReliableSettings settings, ReliableStatistics statistics, ZmqObservations observations) {
		this.observations = observations;
		this.observed = observations.observes(endpoint);
		this.endpoint = endpoint;
		this.client = client;
		this.encoder = encoder;
		this.store = store;
		this.settings = settings;
		this.statistics = statistics;
		this.window = new SendWindow(settings.maxInFlight(), settings.ackTimeout().toNanos());
	}

	/**
	 * Starts the dispatcher's thread, which owns no socket: it sends through the
	 * endpoint's sender.
	 */
	void start(ZmqThreadFactory threads) {
		Thread thread = threads.newWorkerThread("zmq-outbox-" + this.endpoint.name(), this::run);
		thread.start();
	}

	/** Wakes the dispatcher: a message was committed or a send completed. */
	void wake() {
		this.signal.wake();
	}

	/** Stops sending; unacknowledged messages stay in the store for the next start. */
	void stop(long timeoutMillis) {
		this.stopping = true;
		wake();
		try {
			if (!this.finished.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
				logger.warn("Outbox dispatcher of endpoint '" + this.endpoint.name() + "' did not stop in time");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	int getInFlight() {
		return this.inFlight.size();
	}

	/** How many messages may be unacknowledged at once now. */
	int getWindow() {
		return this.window.size();
	}

	@Nullable String getLastError() {
		return this.lastError;
	}

	private void run() {
		try {
			while (!this.stopping) {
				try {
					boolean worked = applyCompletions();
					probe();
					worked |= sendDue();
					if (!worked) {
						awaitSignal(idleWait());
					}
				}
				catch (RuntimeException ex) {
					// The database may be down for a while: keep the messages, report,
					// and try again later.
					this.lastError = ex.toString();
					logger.warn("Outbox of endpoint '" + this.endpoint.name() + "' cannot reach its store: " + ex);
					awaitSignal(this.settings.pollInterval().toMillis());
				}
			}
		}
		finally {
			this.finished.countDown();
		}
	}

	/**
	 * Applies the completed sends to the store. A completion leaves {@link #unapplied}
	 * only once the store took it: when the database fails, the next pass tries again,
	 * and the message stays counted in flight until then.
	 */
	private boolean applyCompletions() {
		Completion completion;
		while ((completion = this.completions.poll()) != null) {
			this.unapplied.add(completion);
		}
		if (this.unapplied.isEmpty()) {
			return false;
		}
		boolean windowFull = this.inFlight.size() >= this.window.size();
		List<Completion> acknowledged = new ArrayList<>();
		Iterator<Completion> pending = this.unapplied.iterator();
		while (pending.hasNext()) {
			Completion completed = pending.next();
			if (completed.failure() == null) {
				acknowledged.add(completed);
				continue;
			}
			// Not acknowledged: due again after its back-off.
			long next = System.currentTimeMillis() + this.settings.backoffMillis(completed.attempt());
			this.store.reschedule(completed.messageId(), completed.attempt(), next);
			pending.remove();
			this.statistics.unacknowledged();
			if (timedOut(completed.failure())) {
				this.window.lost(completed.send());
				this.lost.lost(completed.messageId(), completed.attempt(), next, completed.send());
			}
			this.retryTimes.add(next);
			this.inFlight.remove(completed.messageId());
		}
		if (!acknowledged.isEmpty()) {
			this.store.delete(acknowledged.stream().map(Completion::messageId).toList());
			// Every failure left it above: what remains are these acknowledgements.
			this.unapplied.clear();
			long lastSend = 0;
			for (Completion done : acknowledged) {
				this.statistics.acknowledged();
				this.window.acknowledged(done.roundTripNanos(), windowFull);
				this.inFlight.remove(done.messageId());
				lastSend = Math.max(lastSend, done.send());
			}
			// The receiver answered a message sent after the last one that timed out: it
			// is back, and what timed out while it was away goes now.
			long now = System.currentTimeMillis();
			for (LostMessages.Lost message : this.lost.answeredAfter(lastSend, now)) {
				this.store.reschedule(message.messageId(), message.attempt(), now);
			}
		}
		return true;
	}

	private boolean sendDue() {
		int room = this.window.room(this.inFlight.size());
		if (room <= 0 || this.stopping) {
			return false;
		}
		long now = System.currentTimeMillis();
		// Each message is claimed until the acknowledgement timeout, a poll interval (for
		// this dispatcher to apply the timeout) and its back-off have passed: then it is
		// due again (also when this instance died), for any instance.
		long lease = this.settings.ackTimeout().toMillis() + this.settings.pollInterval().toMillis();
		List<OutboxMessage> claimed = this.store.claimDue(this.endpoint.name(), now, Math.min(room, BATCH),
				(attempt) -> now + lease + this.settings.backoffMillis(attempt));
		boolean sent = false;
		for (OutboxMessage message : claimed) {
			this.lost.claimed(message.messageId());
			if (this.stopping || !this.inFlight.add(message.messageId())) {
				continue;
			}
			send(message, message.attempts());
			sent = true;
		}
		return sent;
	}

	/**
	 * While nothing is on the wire and messages wait for their back-off after timing out,
	 * makes one of them due at each poll interval, to learn whether the receiver is back.
	 */
	private void probe() {
		if (!this.inFlight.isEmpty()) {
			return;
		}
		long now = System.currentTimeMillis();
		LostMessages.Lost probe = this.lost.probe(now, this.settings.pollInterval().toMillis());
		if (probe != null) {
			this.store.reschedule(probe.messageId(), probe.attempt(), now);
		}
	}

	private void send(OutboxMessage message, int attempt) {
		Map<String, String> headers = new HashMap<>(message.headers());
		headers.put(ReliableHeaders.MESSAGE_ID, message.messageId());
		headers.put(ReliableHeaders.ATTEMPT, Integer.toString(attempt));
		CompletableFuture<byte[][]> reply;
		try {
			byte[][] frames;
			try {
				frames = this.encoder.encode(null, headers, message.payload());
			}
			catch (IllegalArgumentException ex) {
				// Stored by an earlier version, or straight into the table: it is tried
				// again after its back-off, and says why each time.
				logger.error("Outbox of endpoint '" + this.endpoint.name() + "' cannot send message "
						+ message.messageId() + ", and will try again after its back-off: " + ex.getMessage()
						+ "; correct or delete its row");
				throw ex;
			}
			reply = this.client.request(frames, this.settings.ackTimeout());
		}
		catch (RuntimeException ex) {
			reply = CompletableFuture.failedFuture(ex);
		}
		this.statistics.sent(attempt);
		long send = this.window.sent();
		long sentAt = System.nanoTime();
		Observation observation = this.observed
				? this.observations.dispatch(this.endpoint, message.messageId(), attempt, message.headers()).start()
				: null;
		reply.whenComplete((frames, failure) -> {
			this.completions
				.add(new Completion(message.messageId(), attempt, send, System.nanoTime() - sentAt, failure));
			wake();
			if (observation != null) {
				if (failure != null) {
					observation.error((failure instanceof CompletionException) ? failure.getCause() : failure);
				}
				observation.stop();
			}
		});
	}

	/**
	 * How long to sleep when there is nothing to do: until the next poll, or earlier when
	 * a message this dispatcher rescheduled falls due, so that back-offs shorter than the
	 * poll interval are honoured.
	 */
	private long idleWait() {
		long now = System.currentTimeMillis();
		this.lost.forgetDue(now);
		boolean due = false;
		while (!this.retryTimes.isEmpty() && this.retryTimes.peek() <= now) {
			this.retryTimes.poll();
			due = true;
		}
		if (due) {
			return 1;
		}
		long untilRetry = this.retryTimes.isEmpty() ? Long.MAX_VALUE : this.retryTimes.peek() - now;
		return Math.max(1, Math.min(this.settings.pollInterval().toMillis(), untilRetry));
	}

	private void awaitSignal(long millis) {
		this.signal.await(millis, this.stopping);
	}

	/**
	 * Whether a send failed for want of an acknowledgement in time (not an error reply).
	 */
	private static boolean timedOut(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
		return cause instanceof ZmqRequestTimeoutException;
	}

	private record Completion(String messageId, int attempt, long send, long roundTripNanos,
			@Nullable Throwable failure) {
	}

}
