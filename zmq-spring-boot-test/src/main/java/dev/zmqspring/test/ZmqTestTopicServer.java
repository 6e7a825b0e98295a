package dev.zmqspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.support.GroupFetchFrames;
import dev.zmqspring.support.HeadersFrameCodec;
import dev.zmqspring.support.ZmqMessageFormatException;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * The server of a durable topic that the application's SUB endpoint (with
 * {@code delivery: at-least-once}) fetches from, opened by
 * {@link ZmqTestClient#topicServer(String)}: it plays the publishing service.
 * {@link #publish(String, Object)} hands the message to every subscription group of the
 * application that listens on the endpoint and takes its topic, again after a failure
 * (with the next attempt number), and returns once each group has acknowledged it
 * (processed, and committed with its processed id). Not thread-safe: use it on the thread
 * that opened it.
 */
public final class ZmqTestTopicServer implements AutoCloseable {

	private static final HeadersFrameCodec HEADERS = new HeadersFrameCodec();

	private static final long LEASE_MS = 30_000;

	private final ZmqEndpoint endpoint;

	private final Set<String> groups;

	private final ZMQ.Socket socket;

	private final PreboundPeers.@Nullable PeerSocket lent;

	private final ZmqMessageConverter converter;

	private final Thread owner;

	private final Consumer<ZmqTestTopicServer> onClose;

	private Duration timeout = ZmqTestClient.DEFAULT_TIMEOUT;

	private boolean closed;

	/** The latest unanswered fetch of each group. */
	private final Map<String, Held> held = new HashMap<>();

	ZmqTestTopicServer(ZContext context, ZmqEndpoint endpoint, Set<String> groups, List<String> addresses,
			ZmqMessageConverter converter, PreboundPeers.@Nullable PeerSocket lent,
			Consumer<ZmqTestTopicServer> onClose) {
		this.endpoint = endpoint;
		this.groups = Set.copyOf(groups);
		this.converter = converter;
		this.lent = lent;
		this.onClose = onClose;
		this.owner = Thread.currentThread();
		if (lent != null) {
			this.socket = lent.socket();
		}
		else {
			this.socket = context.createSocket(SocketType.ROUTER);
			this.socket.setLinger(2000);
			addresses.forEach(this.socket::bind);
		}
	}

	/**
	 * Sets how long a publication waits for the groups to fetch and acknowledge; 10
	 * seconds unless set.
	 * @param timeout the timeout
	 * @return this server
	 */
	public ZmqTestTopicServer withTimeout(Duration timeout) {
		checkThread();
		this.timeout = timeout;
		return this;
	}

	/** The groups the application's listeners of the endpoint belong to. */
	public Set<String> getGroups() {
		return this.groups;
	}

	/**
	 * Publishes a message to every group and waits until each has acknowledged it.
	 * @param topic the topic
	 * @param payload the payload
	 * @return the message id the groups' listeners see
	 * @throws AssertionError when a group did not acknowledge it in time
	 */
	public String publish(String topic, Object payload) {
		return publish(topic, payload, Map.of());
	}

	/**
	 * Publishes a message with headers to every group and waits until each has
	 * acknowledged it.
	 * @param topic the topic
	 * @param payload the payload
	 * @param headers the headers
	 * @return the message id the groups' listeners see
	 * @throws AssertionError when a group did not acknowledge it in time
	 */
	public String publish(String topic, Object payload, Map<String, String> headers) {
		checkThread();
		String messageId = UUID.randomUUID().toString();
		Map<String, String> sent = new HashMap<>(headers);
		sent.put("message_id", messageId);
		byte[] body = PeerSupport.bytes(payload, this.converter);
		Set<String> pending = new HashSet<>(this.groups);
		Map<String, Integer> attempts = new HashMap<>();
		// Fetches held since the last publication are live: they get the message first.
		List<Held> waiting = new ArrayList<>(this.held.values());
		this.held.clear();
		for (Held fetch : waiting) {
			offer(fetch, topic, sent, body, attempts);
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		this.socket.setReceiveTimeOut(100);
		while (!pending.isEmpty()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Message " + messageId + " on durable topic '" + this.endpoint.name()
						+ "' was not acknowledged by group(s) " + pending + " within " + this.timeout);
			}
			Held fetch = receiveFetch();
			if (fetch == null) {
				continue;
			}
			String group = fetch.request().group();
			boolean takesTopic = fetch.request().topics().isEmpty()
					|| fetch.request().topics().stream().anyMatch(topic::startsWith);
			if (fetch.request().acknowledged().containsKey(messageId) || !takesTopic) {
				pending.remove(group);
				hold(fetch);
			}
			else if (pending.contains(group) && fetch.request().max() > 0) {
				// Offered on every fetch of the group until it acknowledges it: the
				// answer to a fetch its member gave up on is dropped by the member.
				offer(fetch, topic, sent, body, attempts);
			}
			else {
				hold(fetch);
			}
		}
		return messageId;
	}

	private void offer(Held fetch, String topic, Map<String, String> headers, byte[] payload,
			Map<String, Integer> attempts) {
		String messageId = headers.get("message_id");
		String group = fetch.request().group();
		int attempt = attempts.merge(group, fetch.request().failed().containsKey(messageId) ? 2 : 1,
				(was, added) -> (added == 2) ? was + 1 : was);
		Map<String, String> sent = new HashMap<>(headers);
		sent.put("attempt", Integer.toString(attempt));
		byte[][] message = { topic.getBytes(StandardCharsets.UTF_8), HEADERS.encode(sent), payload };
		answer(fetch, List.<byte[][]>of(message));
	}

	/**
	 * Keeps a fetch to answer later, as the real server holds it; an older one is
	 * answered empty.
	 */
	private void hold(Held fetch) {
		Held older = this.held.put(fetch.request().group(), fetch);
		if (older != null) {
			answer(older, List.of());
		}
	}

	private @Nullable Held receiveFetch() {
		ZMsg request = ZMsg.recvMsg(this.socket);
		if (request == null) {
			return null;
		}
		List<byte[]> frames = new ArrayList<>(request.size());
		request.forEach((frame) -> frames.add(frame.getData()));
		if (frames.size() < 3) {
			return null;
		}
		try {
			return new Held(frames.subList(0, frames.size() - 1),
					GroupFetchFrames.decodeFetch(frames.get(frames.size() - 1)));
		}
		catch (ZmqMessageFormatException ex) {
			return null;
		}
	}

	private void answer(Held fetch, List<byte[][]> messages) {
		List<byte[]> answer = new ArrayList<>(fetch.envelope());
		answer.addAll(List
			.of(GroupFetchFrames.encode(new GroupFetchFrames.Batch(fetch.request().fetchId(), LEASE_MS, messages))));
		for (int i = 0; i < answer.size(); i++) {
			this.socket.send(answer.get(i), (i < answer.size() - 1) ? ZMQ.SNDMORE : 0);
		}
	}

	/** A fetch not answered yet: its routing envelope and the request. */
	private record Held(List<byte[]> envelope, GroupFetchFrames.Fetch request) {
	}

	private void checkThread() {
		if (this.closed) {
			throw new IllegalStateException("The topic server of endpoint '" + this.endpoint.name() + "' is closed");
		}
		if (Thread.currentThread() != this.owner) {
			throw new IllegalStateException("The topic server of endpoint '" + this.endpoint.name()
					+ "' belongs to thread " + this.owner.getName()
					+ ": a ZeroMQ socket must not be used by two threads; open one per thread");
		}
	}

	/** Closes the server, or hands its prebound socket back. */
	@Override
	public void close() {
		closeQuietly();
	}

	void closeQuietly() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (Thread.currentThread() == this.owner) {
			// The members need not wait for the end of their fetches.
			this.held.values().forEach((fetch) -> answer(fetch, List.of()));
		}
		this.held.clear();
		PeerSupport.release(this.lent, this.socket);
		this.onClose.accept(this);
	}

}
