package dev.zmqspring.reliable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.core.ZmqSendException;
import dev.zmqspring.listener.RepliesLater;
import dev.zmqspring.listener.ReplyFrames;
import dev.zmqspring.listener.ZmqMessageListener;
import dev.zmqspring.support.GroupFetchFrames;
import dev.zmqspring.support.HeadersFrameCodec;
import dev.zmqspring.support.ZmqMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Serves the fetches of one durable topic's subscription groups: the listener of the
 * endpoint's ROUTER socket. Each fetch first applies the acknowledgements and failures it
 * carries, then claims the group's due messages; when none is due, it is held until a
 * message is committed or its wait is over (a long poll), so a message reaches a waiting
 * member as soon as it is committed. All store access happens on this server's own
 * thread; the socket's thread only hands fetches over and sends the batches.
 */
public final class TopicFetchServer implements ZmqMessageListener, RepliesLater {

	private static final Log logger = LogFactory.getLog(TopicFetchServer.class);

	private static final HeadersFrameCodec HEADERS = new HeadersFrameCodec();

	/**
	 * How often retention runs at most: every 30 poll intervals, and at least this often.
	 */
	private static final long RETENTION_INTERVAL_MS = 30_000;

	/**
	 * The most payload bytes of one batch: the messages claimed beyond it are due again
	 * at once, for the member's next fetch.
	 */
	static final long MAX_BATCH_BYTES = 8 * 1024 * 1024;

	/** The most fetches held at once; more are answered at once, empty. */
	static final int MAX_HELD = 10_000;

	private final DurableTopicSettings topic;

	private final TopicStore store;

	private final ReliableSettings settings;

	private final DurableTopics topics;

	private final Queue<Request> incoming = new ConcurrentLinkedQueue<>();

	private final WakeSignal signal = new WakeSignal();

	private final ClaimCursors cursors = new ClaimCursors();

	private volatile boolean running;

	/** Set once the server has stopped; fetches that come then fail at once. */
	private volatile boolean stopped;

	private volatile boolean stopping;

	private volatile CountDownLatch finished = new CountDownLatch(0);

	private volatile @Nullable String lastError;

	// Server thread only from here on.

	/** Fetches held until a message is due or their wait is over. */
	private final List<Request> waiting = new ArrayList<>();

	private long nextPoll;

	private long nextRetention;

	TopicFetchServer(DurableTopicSettings topic, TopicStore store, ReliableSettings settings, DurableTopics topics) {
		this.topic = topic;
		this.store = store;
		this.settings = settings;
		this.topics = topics;
	}

	@Override
	public Object onMessage(ZmqMessage message) {
		GroupFetchFrames.Fetch fetch = GroupFetchFrames.decodeFetch(message.getPayload());
		CompletableFuture<ReplyFrames> reply = new CompletableFuture<>();
		byte[] identity = message.getIdentity();
		this.incoming.add(new Request(fetch, reply, System.currentTimeMillis() + fetch.waitMillis(),
				(identity != null) ? identity : new byte[0]));
		if (this.stopped) {
			// Stopped, or stopping and past its last look at what came in: nobody else
			// answers it. (Before the first start, fetches wait for it.)
			failUnserved();
		}
		else {
			wake();
		}
		return reply;
	}

	synchronized void start() {
		if (this.running) {
			return;
		}
		this.stopping = false;
		this.stopped = false;
		this.finished = new CountDownLatch(1);
		this.running = true;
		Thread thread = this.topics.threads().newWorkerThread("zmq-topic-" + this.topic.endpoint(), this::run);
		thread.start();
	}

	/** Wakes the server: a fetch came, or a group's position changed. */
	void wake() {
		this.signal.wake();
	}

	/** A message of this topic was committed: the next claims take it. */
	void committed(long seq) {
		this.cursors.committed(seq);
		wake();
	}

	/**
	 * Every group's next claim walks all it has (its position was reset, or it was
	 * removed and may come back).
	 */
	void rewind() {
		this.cursors.rewind();
		wake();
	}

	/**
	 * Stops serving: the fetches held are answered at once (what they acknowledged is
	 * applied), those not served yet fail, so that their members send their
	 * acknowledgements again.
	 */
	void stop(long timeoutMillis) {
		this.stopping = true;
		if (!this.running) {
			this.stopped = true;
			failUnserved();
		}
		wake();
		try {
			if (!this.finished.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
				logger.warn("The fetch server of durable topic '" + this.topic.endpoint() + "' did not stop in time");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The last failure of this server (its store unreachable), or {@code null}. */
	public @Nullable String getLastError() {
		return this.lastError;
	}

	/** Whether the server's thread runs. */
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		try {
			while (!this.stopping) {
				long now = System.currentTimeMillis();
				Request request;
				while ((request = this.incoming.poll()) != null) {
					serve(request, now);
				}
				step(() -> {
					if (now >= this.nextPoll) {
						this.topics.refreshGroups(this.topic.endpoint());
						this.nextPoll = now + this.settings.pollInterval().toMillis();
					}
				});
				step(() -> serveWaiting(now));
				step(() -> {
					if (now >= this.nextRetention) {
						this.nextRetention = now
								+ Math.min(RETENTION_INTERVAL_MS, 30 * this.settings.pollInterval().toMillis());
						expire(now);
					}
				});
				this.signal.await(idleWait(now), this.stopping);
			}
		}
		catch (Throwable ex) {
			this.lastError = ex.toString();
			logger.error("The fetch server of durable topic '" + this.topic.endpoint() + "' stopped on an error;"
					+ " its groups' members get errors until the application restarts", ex);
			this.waiting.forEach((held) -> held.reply().completeExceptionally(ex));
			this.waiting.clear();
			throw ex;
		}
		finally {
			this.running = false;
			this.stopped = true;
			this.waiting.forEach(this::answerEmpty);
			this.waiting.clear();
			failUnserved();
			this.finished.countDown();
		}
	}

	/**
	 * Runs one step of the loop; a failure (the database down) is reported and the next
	 * pass tries again.
	 */
	private void step(Runnable step) {
		try {
			step.run();
		}
		catch (RuntimeException ex) {
			storeFailed(ex);
		}
	}

	private void storeFailed(RuntimeException ex) {
		this.lastError = ex.toString();
		logger.warn("Durable topic '" + this.topic.endpoint() + "' cannot reach its store: " + ex);
	}

	/**
	 * Applies what a fetch acknowledges and failed, then claims for it. A fetch of the
	 * same member still held is answered empty first: that member no longer waits for it.
	 * A fetch the store fails is answered with the error, and its member sends its
	 * acknowledgements again.
	 */
	private void serve(Request request, long now) {
		Iterator<Request> held = this.waiting.iterator();
		while (held.hasNext()) {
			Request earlier = held.next();
			if (Arrays.equals(earlier.member(), request.member())) {
				held.remove();
				answerEmpty(earlier);
			}
		}
		GroupFetchFrames.Fetch fetch = request.fetch();
		String endpoint = this.topic.endpoint();
		try {
			join(fetch, now);
			GroupStatistics counters = this.topics.statistics(endpoint, fetch.group());
			if (!fetch.failed().isEmpty()) {
				Map<Integer, Map<String, Integer>> byAttempt = new HashMap<>();
				fetch.failed()
					.forEach((id, attempt) -> byAttempt.computeIfAbsent(attempt, (key) -> new LinkedHashMap<>())
						.put(id, attempt));
				byAttempt.forEach((attempt, ids) -> this.store.release(endpoint, fetch.group(), ids,
						now + this.settings.backoffMillis(Math.max(1, attempt))));
				// Behind the cursor, and due again after a back-off that may be shorter
				// than the interval of the walks from the group's first message.
				this.cursors.rewind(fetch.group());
			}
			boolean answered = claimFor(request, now, fetch.acknowledged());
			counters.failed(fetch.failed().size());
			if (!answered) {
				if (this.waiting.size() >= MAX_HELD) {
					answerEmpty(request);
				}
				else {
					this.waiting.add(request);
				}
			}
			this.lastError = null;
		}
		catch (RuntimeException ex) {
			storeFailed(ex);
			request.reply().completeExceptionally(ex);
		}
	}

	/**
	 * Adds the fetching group when it is new, with what was committed from the moment it
	 * joined (or every retained message); changes its topics when they changed.
	 */
	private void join(GroupFetchFrames.Fetch fetch, long now) {
		String endpoint = this.topic.endpoint();
		TopicGroup known = this.topics.groups(endpoint)
			.stream()
			.filter((group) -> group.name().equals(fetch.group()))
			.findFirst()
			.orElse(null);
		if (known == null) {
			// Messages published from now on are kept for it; those already committed
			// since now (by a publisher that did not know the group yet) are copied.
			long keepSince = fetch.fromEarliest() ? 0 : now;
			if (this.store.addGroup(endpoint, new TopicGroup(fetch.group(), fetch.topics(), now), keepSince)) {
				logger.info("Group '" + fetch.group() + "' joined durable topic '" + endpoint + "', from the "
						+ (fetch.fromEarliest() ? "earliest retained message" : "latest message")
						+ (fetch.topics().isEmpty() ? ", every topic" : ", topics " + fetch.topics()));
			}
			this.topics.refreshGroups(endpoint);
		}
		else if (!known.topics().equals(fetch.topics())) {
			this.store.updateTopics(endpoint, fetch.group(), fetch.topics());
			logger.info("Group '" + fetch.group() + "' of durable topic '" + endpoint + "' now takes "
					+ (fetch.topics().isEmpty() ? "every topic" : "topics " + fetch.topics()) + " (was "
					+ (known.topics().isEmpty() ? "every topic" : known.topics()) + ")");
			this.topics.refreshGroups(endpoint);
		}
	}

	/**
	 * Applies the acknowledgements a fetch carries (with its first claim), claims due
	 * messages for it and answers it when there are some, or when its wait is over.
	 * @return whether the fetch was answered
	 */
	private boolean claimFor(Request request, long now, Map<String, Integer> acknowledged) {
		GroupFetchFrames.Fetch fetch = request.fetch();
		long lease = this.settings.ackTimeout().toMillis();
		GroupStatistics counters = this.topics.statistics(this.topic.endpoint(), fetch.group());
		List<TopicDelivery> claimed;
		if (this.stopping || fetch.max() <= 0) {
			// Nothing to claim (a member's last fetch only acknowledges): the cursor
			// stays where it is.
			if (!acknowledged.isEmpty()) {
				this.store.acknowledge(this.topic.endpoint(), fetch.group(), acknowledged);
			}
			claimed = List.of();
		}
		else {
			claimed = claim(fetch, now, lease, acknowledged);
		}
		if (claimed.isEmpty() && now < request.deadline() && !this.stopping && fetch.max() > 0) {
			counters.acknowledged(acknowledged.size());
			return false;
		}
		List<byte[][]> messages = new ArrayList<>(claimed.size());
		Map<String, Integer> beyond = new LinkedHashMap<>();
		long bytes = 0;
		for (TopicDelivery delivery : claimed) {
			bytes += delivery.message().payload().length;
			if (!messages.isEmpty() && bytes > MAX_BATCH_BYTES) {
				beyond.put(delivery.message().messageId(), delivery.attempt());
				continue;
			}
			messages.add(frames(delivery));
			counters.delivered(delivery.attempt());
		}
		if (!beyond.isEmpty()) {
			// Too large for one batch: due again at once, for the next fetch.
			this.store.release(this.topic.endpoint(), fetch.group(), beyond, now);
			this.cursors.released(fetch.group(), claimed.get(messages.size()).message().seq());
		}
		request.reply()
			.complete(new ReplyFrames(
					GroupFetchFrames.encode(new GroupFetchFrames.Batch(fetch.fetchId(), lease, messages))));
		counters.acknowledged(acknowledged.size());
		return true;
	}

	private List<TopicDelivery> claim(GroupFetchFrames.Fetch fetch, long now, long lease,
			Map<String, Integer> acknowledged) {
		long from = this.cursors.from(fetch.group(), System.nanoTime());
		List<TopicDelivery> claimed = this.store.acknowledgeAndClaim(this.topic.endpoint(), fetch.group(), acknowledged,
				now, fetch.max(), now + lease, from);
		this.cursors.claimed(fetch.group(), fetch.max(), claimed);
		return claimed;
	}

	private static byte[][] frames(TopicDelivery delivery) {
		TopicMessage message = delivery.message();
		Map<String, String> headers = new HashMap<>(message.headers());
		headers.put(ReliableHeaders.MESSAGE_ID, message.messageId());
		headers.put(ReliableHeaders.ATTEMPT, Integer.toString(delivery.attempt()));
		return new byte[][] { message.topic().getBytes(StandardCharsets.UTF_8), HEADERS.encode(headers),
				message.payload() };
	}

	private void serveWaiting(long now) {
		Iterator<Request> held = this.waiting.iterator();
		while (held.hasNext()) {
			Request request = held.next();
			if (request.reply().isDone() || claimFor(request, now, Map.of())) {
				held.remove();
			}
		}
	}

	private void expire(long now) {
		Map<String, Long> lost = this.store.expire(this.topic.endpoint(), now - this.topic.retentionMaxAge().toMillis(),
				this.topic.retentionMaxCount());
		lost.forEach((group, count) -> {
			this.topics.statistics(this.topic.endpoint(), group).lost(count);
			logger.error("Group '" + group + "' of durable topic '" + this.topic.endpoint() + "' lost " + count
					+ " messages it had not acknowledged: they passed retention (max-age "
					+ this.topic.retentionMaxAge()
					+ ((this.topic.retentionMaxCount() > 0)
							? ", max-count " + this.topic.retentionMaxCount() + " per topic" : "")
					+ "). Its members are down or too slow; raise zmq.endpoints." + this.topic.endpoint()
					+ ".retention.* or add members");
		});
	}

	/** Until the next held fetch's wait is over, or the next poll. */
	private long idleWait(long now) {
		long until = this.nextPoll;
		for (Request request : this.waiting) {
			until = Math.min(until, request.deadline());
		}
		return Math.max(1, until - now);
	}

	/** Fails the fetches not served: their members keep their acknowledgements. */
	private void failUnserved() {
		Request request;
		while ((request = this.incoming.poll()) != null) {
			request.reply()
				.completeExceptionally(new ZmqSendException("Durable topic '" + this.topic.endpoint()
						+ "' is not serving fetches (stopped); fetch again, or from another instance"));
		}
	}

	private void answerEmpty(Request request) {
		request.reply()
			.complete(new ReplyFrames(GroupFetchFrames.encode(new GroupFetchFrames.Batch(request.fetch().fetchId(),
					this.settings.ackTimeout().toMillis(), List.of()))));
	}

	/**
	 * A fetch and who sent it: the routing id of the member's connection, so that its
	 * next fetch supersedes one still held (a member that stops sends a last one).
	 */
	private record Request(GroupFetchFrames.Fetch fetch, CompletableFuture<ReplyFrames> reply, long deadline,
			byte[] member) {
	}

}
