package dev.zmqspring.reliable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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

	private final DurableTopicSettings topic;

	private final TopicStore store;

	private final ReliableSettings settings;

	private final DurableTopics topics;

	private final Queue<Request> incoming = new ConcurrentLinkedQueue<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition signal = this.lock.newCondition();

	private final CountDownLatch finished = new CountDownLatch(1);

	private boolean signalled;

	private volatile boolean started;

	private volatile boolean stopping;

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
		if (this.stopping) {
			reply.completeExceptionally(new ZmqSendException(
					"Durable topic '" + this.topic.endpoint() + "' is stopping; fetch again from another instance"));
			return reply;
		}
		byte[] identity = message.getIdentity();
		this.incoming.add(new Request(fetch, reply, System.currentTimeMillis() + fetch.waitMillis(),
				(identity != null) ? identity : new byte[0]));
		wake();
		return reply;
	}

	synchronized void start() {
		if (this.started) {
			return;
		}
		this.started = true;
		Thread thread = new Thread(this::run, "zmq-topic-" + this.topic.endpoint());
		thread.setDaemon(true);
		thread.start();
	}

	/** Wakes the server: a message was committed, or a fetch came. */
	void wake() {
		this.lock.lock();
		try {
			this.signalled = true;
			this.signal.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	void stop(long timeoutMillis) {
		this.stopping = true;
		wake();
		if (!this.started) {
			return;
		}
		try {
			if (!this.finished.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
				logger.warn("The fetch server of durable topic '" + this.topic.endpoint() + "' did not stop in time");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The last failure to reach the store, or {@code null}. */
	public @Nullable String getLastError() {
		return this.lastError;
	}

	private void run() {
		try {
			while (!this.stopping) {
				try {
					long now = System.currentTimeMillis();
					Request request;
					while ((request = this.incoming.poll()) != null) {
						serve(request, now);
					}
					if (now >= this.nextPoll) {
						this.topics.refreshGroups(this.topic.endpoint());
						this.nextPoll = now + this.settings.pollInterval().toMillis();
					}
					serveWaiting(now);
					if (now >= this.nextRetention) {
						expire(now);
						this.nextRetention = now
								+ Math.min(RETENTION_INTERVAL_MS, 30 * this.settings.pollInterval().toMillis());
					}
					this.lastError = null;
					awaitSignal(idleWait(now));
				}
				catch (RuntimeException ex) {
					this.lastError = ex.toString();
					logger.warn("Durable topic '" + this.topic.endpoint() + "' cannot reach its store: " + ex);
					failAll(ex);
					awaitSignal(this.settings.pollInterval().toMillis());
				}
			}
		}
		finally {
			answerAllEmpty();
			this.finished.countDown();
		}
	}

	/**
	 * Applies what a fetch acknowledges and failed, then claims for it. A fetch of the
	 * same member still held is answered empty first: that member no longer waits for it.
	 */
	private void serve(Request request, long now) {
		Iterator<Request> held = this.waiting.iterator();
		while (held.hasNext()) {
			Request earlier = held.next();
			if (java.util.Arrays.equals(earlier.member(), request.member())) {
				held.remove();
				answerEmpty(earlier);
			}
		}
		GroupFetchFrames.Fetch fetch = request.fetch();
		String endpoint = this.topic.endpoint();
		try {
			join(fetch, now);
			GroupStatistics counters = this.topics.statistics(endpoint, fetch.group());
			if (!fetch.acknowledged().isEmpty()) {
				this.store.acknowledge(endpoint, fetch.group(), fetch.acknowledged());
				counters.acknowledged(fetch.acknowledged().size());
			}
			if (!fetch.failed().isEmpty()) {
				Map<Integer, List<String>> byAttempt = new HashMap<>();
				fetch.failed()
					.forEach((id, attempt) -> byAttempt.computeIfAbsent(attempt, (key) -> new ArrayList<>()).add(id));
				byAttempt.forEach((attempt, ids) -> this.store.release(endpoint, fetch.group(), ids,
						now + this.settings.backoffMillis(Math.max(1, attempt))));
				counters.failed(fetch.failed().size());
			}
			if (!claimFor(request, now)) {
				this.waiting.add(request);
			}
		}
		catch (RuntimeException ex) {
			request.reply().completeExceptionally(ex);
			throw ex;
		}
	}

	/** Adds the fetching group when it is new; changes its topics when they changed. */
	private void join(GroupFetchFrames.Fetch fetch, long now) {
		String endpoint = this.topic.endpoint();
		TopicGroup known = this.topics.groups(endpoint)
			.stream()
			.filter((group) -> group.name().equals(fetch.group()))
			.findFirst()
			.orElse(null);
		if (known == null) {
			if (this.store.addGroup(endpoint, new TopicGroup(fetch.group(), fetch.topics(), now),
					fetch.fromEarliest())) {
				logger.info("Group '" + fetch.group() + "' joined durable topic '" + endpoint + "', from the "
						+ (fetch.fromEarliest() ? "earliest retained message" : "next message published")
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
	 * Claims due messages for a fetch and answers it when there are some, or when its
	 * wait is over.
	 * @return whether the fetch was answered
	 */
	private boolean claimFor(Request request, long now) {
		GroupFetchFrames.Fetch fetch = request.fetch();
		long lease = this.settings.ackTimeout().toMillis();
		List<TopicDelivery> claimed = (this.stopping) ? List.of()
				: this.store.claim(this.topic.endpoint(), fetch.group(), now, fetch.max(), now + lease);
		if (claimed.isEmpty() && now < request.deadline() && !this.stopping) {
			return false;
		}
		GroupStatistics counters = this.topics.statistics(this.topic.endpoint(), fetch.group());
		List<byte[][]> messages = new ArrayList<>(claimed.size());
		for (TopicDelivery delivery : claimed) {
			messages.add(frames(delivery));
			counters.delivered(delivery.attempt());
		}
		request.reply()
			.complete(new ReplyFrames(
					GroupFetchFrames.encode(new GroupFetchFrames.Batch(fetch.fetchId(), lease, messages))));
		return true;
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
			if (request.reply().isDone() || claimFor(request, now)) {
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
					+ (this.topic.retentionMaxCount() > 0
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

	private void failAll(RuntimeException ex) {
		for (Request request : this.waiting) {
			request.reply().completeExceptionally(ex);
		}
		this.waiting.clear();
	}

	private void answerAllEmpty() {
		Request request;
		while ((request = this.incoming.poll()) != null) {
			this.waiting.add(request);
		}
		this.waiting.forEach(this::answerEmpty);
		this.waiting.clear();
	}

	private void answerEmpty(Request request) {
		request.reply()
			.complete(new ReplyFrames(GroupFetchFrames.encode(new GroupFetchFrames.Batch(request.fetch().fetchId(),
					this.settings.ackTimeout().toMillis(), List.of()))));
	}

	private void awaitSignal(long millis) {
		this.lock.lock();
		try {
			if (!this.signalled && !this.stopping) {
				this.signal.await(millis, TimeUnit.MILLISECONDS);
			}
			this.signalled = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A fetch and who sent it: the routing id of the member's connection, so that its
	 * next fetch supersedes one still held (a member that stops sends a last one).
	 */
	private record Request(GroupFetchFrames.Fetch fetch, CompletableFuture<ReplyFrames> reply, long deadline,
			byte[] member) {
	}

}
