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
 * application that listens on the endpoint, and returns once each group has acknowledged
 * it (processed, and committed with its processed id). Not thread-safe: use it on the
 * thread that opened it.
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
		sent.put("attempt", "1");
		byte[][] message = { topic.getBytes(StandardCharsets.UTF_8), HEADERS.encode(sent), bytes(payload) };
		Set<String> toDeliver = new HashSet<>(this.groups);
		Set<String> toAcknowledge = new HashSet<>(this.groups);
		long deadline = System.nanoTime() + this.timeout.toNanos();
		this.socket.setReceiveTimeOut(100);
		while (!toAcknowledge.isEmpty()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Message " + messageId + " on durable topic '" + this.endpoint.name()
						+ "' was not acknowledged by group(s) " + toAcknowledge + " within " + this.timeout
						+ ((toAcknowledge.equals(toDeliver)) ? " (they did not fetch it)" : ""));
			}
			ZMsg request = ZMsg.recvMsg(this.socket);
			if (request == null) {
				continue;
			}
			List<byte[]> frames = new ArrayList<>(request.size());
			request.forEach((frame) -> frames.add(frame.getData()));
			if (frames.size() < 3) {
				continue;
			}
			GroupFetchFrames.Fetch fetch;
			try {
				fetch = GroupFetchFrames.decodeFetch(frames.get(frames.size() - 1));
			}
			catch (ZmqMessageFormatException ex) {
				continue;
			}
			if (fetch.acknowledged().containsKey(messageId)) {
				toAcknowledge.remove(fetch.group());
			}
			List<byte[][]> batch = (fetch.max() > 0 && toDeliver.remove(fetch.group())) ? List.<byte[][]>of(message)
					: List.of();
			List<byte[]> answer = new ArrayList<>(frames.subList(0, frames.size() - 1));
			answer
				.addAll(List.of(GroupFetchFrames.encode(new GroupFetchFrames.Batch(fetch.fetchId(), LEASE_MS, batch))));
			for (int i = 0; i < answer.size(); i++) {
				this.socket.send(answer.get(i), (i < answer.size() - 1) ? ZMQ.SNDMORE : 0);
			}
		}
		return messageId;
	}

	private byte[] bytes(Object payload) {
		if (payload instanceof byte[] raw) {
			return raw;
		}
		if (payload instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		return this.converter.toBytes(payload);
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
		if (this.lent != null) {
			this.lent.giveBack();
		}
		else {
			try {
				this.socket.close();
			}
			catch (RuntimeException ex) {
				// The context is closing: it closes the socket itself.
			}
		}
		this.onClose.accept(this);
	}

}
