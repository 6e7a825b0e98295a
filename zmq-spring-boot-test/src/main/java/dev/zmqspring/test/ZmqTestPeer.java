package dev.zmqspring.test;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.support.ErrorReply;
import dev.zmqspring.support.HeadersFrameCodec;
import dev.zmqspring.support.ZmqFrameDecoder;
import dev.zmqspring.support.ZmqFrameEncoder;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * The other side of one of the application's endpoints, opened by
 * {@link ZmqTestClient#peer(String, String...)}: one socket of the complementary type.
 * What it can do depends on the endpoint:
 * <table>
 * <caption>What a peer does</caption>
 * <tr>
 * <th>endpoint</th>
 * <th>peer</th>
 * <th>methods</th>
 * </tr>
 * <tr>
 * <td>PUSH, PUB, PAIR</td>
 * <td>PULL, SUB, PAIR</td>
 * <td>{@link #receive(Class)}, {@link #receiveMessage()}</td>
 * </tr>
 * <tr>
 * <td>PULL, SUB, PAIR</td>
 * <td>PUSH, PUB, PAIR</td>
 * <td>{@link #send(Object)}, {@link #publish(String, Object)} (SUB)</td>
 * </tr>
 * <tr>
 * <td>REP or ROUTER listener</td>
 * <td>DEALER</td>
 * <td>{@link #request(Object, Class)}, {@link #send(Object)}; with at-least-once
 * delivery, {@code send} waits for the acknowledgement</td>
 * </tr>
 * <tr>
 * <td>REQ, DEALER</td>
 * <td>ROUTER</td>
 * <td>{@link #receiveMessage()} then {@link #reply(Object)}; with at-least-once delivery,
 * each message received is acknowledged</td>
 * </tr>
 * </table>
 * Not thread-safe, as a ZeroMQ socket is not: use a peer on the thread that opened it.
 */
public final class ZmqTestPeer implements AutoCloseable {

	private static final HeadersFrameCodec HEADERS = new HeadersFrameCodec();

	private static final int LINGER_MS = 2000;

	private final ZmqEndpoint endpoint;

	private final ZmqEndpoint mirror;

	private final ZMQ.Socket socket;

	private final ZmqMessageConverter converter;

	private final Thread owner;

	private final Consumer<ZmqTestPeer> onClose;

	private Duration timeout = ZmqTestClient.DEFAULT_TIMEOUT;

	private @Nullable List<byte[]> lastEnvelope;

	private boolean closed;

	/** The envelope of the last request of a DEALER peer. */
	private @Nullable String requestId;

	/** The prebound socket this peer uses, or {@code null} for a socket of its own. */
	private final PreboundPeers.@Nullable PeerSocket lent;

	/**
	 * The topic prefixes the application subscribed to (for the peer of a SUB endpoint).
	 */
	private final PeerSubscriptions subscriptions;

	ZmqTestPeer(ZContext context, ZmqEndpoint endpoint, List<String> addresses, List<String> topics,
			ZmqMessageConverter converter, PreboundPeers.@Nullable PeerSocket lent, Consumer<ZmqTestPeer> onClose) {
		this.endpoint = endpoint;
		this.converter = converter;
		this.onClose = onClose;
		this.lent = lent;
		this.owner = Thread.currentThread();
		ZmqSocketType type = peerType(endpoint);
		this.mirror = new ZmqEndpoint(endpoint.name() + " (test peer)", type, !endpoint.bind(), addresses, topics,
				endpoint.topicDelimiter(), endpoint.headersFrame(), endpoint.requestTimeout(), 0, endpoint.settings(),
				endpoint.delivery(), 0, Duration.ZERO, "the ZmqTestClient peer of " + endpoint.configuredAt());
		if (lent != null) {
			this.socket = lent.socket();
			this.subscriptions = lent.subscriptions();
			return;
		}
		this.subscriptions = new PeerSubscriptions();
		this.socket = context.createSocket((type == ZmqSocketType.PUB) ? SocketType.XPUB : type.jeromqType());
		try {
			// What a test sent just before closing its peer still arrives.
			this.socket.setLinger(LINGER_MS);
			if (type == ZmqSocketType.SUB) {
				if (topics.isEmpty()) {
					this.socket.subscribe(new byte[0]);
				}
				topics.forEach((topic) -> this.socket.subscribe(topic.getBytes(StandardCharsets.UTF_8)));
			}
			for (String address : addresses) {
				if (endpoint.bind()) {
					this.socket.connect(address);
				}
				else {
					this.socket.bind(address);
				}
			}
		}
		catch (RuntimeException ex) {
			this.socket.close();
			throw new IllegalStateException(
					"Cannot open the test peer of endpoint '" + endpoint.name() + "' on " + addresses + ": " + ex, ex);
		}
	}

	/** The type of the socket that plays the other side of an endpoint. */
	static ZmqSocketType peerType(ZmqEndpoint endpoint) {
		return switch (endpoint.type()) {
			case PUB -> ZmqSocketType.SUB;
			case SUB -> ZmqSocketType.PUB;
			case PUSH -> ZmqSocketType.PULL;
			case PULL -> ZmqSocketType.PUSH;
			case REQ, DEALER -> ZmqSocketType.ROUTER;
			case REP, ROUTER -> ZmqSocketType.DEALER;
			case PAIR -> ZmqSocketType.PAIR;
			case XPUB, XSUB -> throw new IllegalArgumentException("Endpoint '" + endpoint.name() + "' is "
					+ endpoint.type() + ", the side of a proxy: open a peer of the endpoints that talk to the proxy");
		};
	}

	/**
	 * Sets how long this peer waits for a message or an answer; 10 seconds unless set.
	 * @param timeout the timeout
	 * @return this peer
	 */
	public ZmqTestPeer withTimeout(Duration timeout) {
		checkThread();
		this.timeout = timeout;
		return this;
	}

	/** The addresses this peer bound or connected to. */
	public List<String> getAddresses() {
		return this.mirror.addresses();
	}

	/**
	 * Sends a message to the application: to a PULL, SUB (without a topic), PAIR, REP or
	 * ROUTER endpoint. To an at-least-once endpoint, waits for its acknowledgement.
	 * @param payload the payload: {@code byte[]} and {@code String} as they are, other
	 * objects as the application's converter writes them
	 */
	public void send(Object payload) {
		send(null, payload, Map.of());
	}

	/**
	 * Sends a message with headers (the endpoint needs {@code headers-frame: true}).
	 * @param payload the payload
	 * @param headers the headers
	 */
	public void send(Object payload, Map<String, String> headers) {
		send(null, payload, headers);
	}

	/**
	 * Publishes a message on a topic to the application's SUB endpoint.
	 * @param topic the topic
	 * @param payload the payload
	 */
	public void publish(String topic, Object payload) {
		send(topic, payload, Map.of());
	}

	/**
	 * Publishes a message on a topic, with headers, to the application's SUB endpoint.
	 * @param topic the topic
	 * @param payload the payload
	 * @param headers the headers
	 */
	public void publish(String topic, Object payload, Map<String, String> headers) {
		send(topic, payload, headers);
	}

	/**
	 * Sends frames as they are, for input the starter's wire format would not produce.
	 * @param frames the frames
	 */
	public void sendFrames(byte[]... frames) {
		checkThread();
		sendAll(List.of(frames));
	}

	/**
	 * Asks a REP or ROUTER listener and waits for its reply.
	 * @param <T> the reply type
	 * @param request the request
	 * @param replyType the reply type
	 * @return the reply, read by the application's converter
	 * @throws ZmqRemoteException when the listener answered with an error reply, as
	 * {@code ZmqTemplate.request} does
	 * @throws AssertionError when no reply came within the timeout
	 */
	@SuppressWarnings("unchecked")
	public <T> @Nullable T request(Object request, Class<T> replyType) {
		return (T) request(request, (Type) replyType);
	}

	/**
	 * Asks a REP or ROUTER listener and waits for its reply, of a generic type.
	 * @param request the request
	 * @param replyType the reply type
	 * @return the reply
	 */
	public @Nullable Object request(Object request, Type replyType) {
		checkThread();
		requireType("request", ZmqSocketType.DEALER);
		send(null, request, Map.of());
		List<byte[]> frames = awaitAnswer("the reply");
		byte[] reply = frames.get(frames.size() - 1);
		if (ErrorReply.isErrorReply(reply)) {
			throw new ZmqRemoteException(ErrorReply.code(reply), ErrorReply.message(reply));
		}
		return this.converter.readerFor(replyType).read(reply);
	}

	/**
	 * Waits for the next message the application sends and reads its payload.
	 * @param <T> the payload type
	 * @param type the payload type
	 * @return the payload
	 * @throws AssertionError when no message came within the timeout
	 */
	public <T> @Nullable T receive(Class<T> type) {
		return receiveMessage().getPayload(type);
	}

	/**
	 * Waits for the next message the application sends. From a REQ or DEALER endpoint,
	 * the message's envelope is kept for {@link #reply(Object)}; from one with
	 * at-least-once delivery, the message is acknowledged.
	 * @return the message
	 * @throws AssertionError when no message came within the timeout
	 */
	public ZmqTestMessage receiveMessage() {
		checkThread();
		if (this.mirror.type() == ZmqSocketType.DEALER || this.mirror.type() == ZmqSocketType.PUB
				|| this.mirror.type() == ZmqSocketType.PUSH) {
			throw new IllegalStateException(
					cannot("receive") + "; it sends to the application" + ((this.mirror.type() == ZmqSocketType.DEALER)
							? ": use request(...) for the listener's reply" : ""));
		}
		List<byte[]> frames = await("a message");
		ZmqMessage message = new ZmqFrameDecoder(this.mirror, HEADERS).decode(frames);
		if (this.mirror.type() == ZmqSocketType.ROUTER) {
			this.lastEnvelope = message.getEnvelope();
			String messageId = message.getHeaders().get("message_id");
			if (this.endpoint.reliable() && messageId != null) {
				List<byte[]> ack = new ArrayList<>(message.getEnvelope());
				ack.add(("{\"zmq_ack\":\"" + messageId.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
					.getBytes(StandardCharsets.UTF_8));
				sendAll(ack);
				this.lastEnvelope = null;
			}
		}
		return new ZmqTestMessage(message.getTopic(), message.getHeaders().asMap(), message.getPayload(), frames,
				this.converter);
	}

	/**
	 * Waits for the next message's frames as they arrive, for checks of the wire format.
	 * Nothing more: unlike {@link #receiveMessage()}, it neither acknowledges an
	 * at-least-once message (which the application then sends again) nor keeps a
	 * request's envelope for {@link #reply(Object)}.
	 * @return the frames, the routing envelope included
	 * @throws AssertionError when no message came within the timeout
	 */
	public List<byte[]> receiveFrames() {
		checkThread();
		return await("a message");
	}

	/**
	 * Answers the request last received from a REQ or DEALER endpoint.
	 * @param payload the reply
	 */
	public void reply(Object payload) {
		checkThread();
		requireType("reply", ZmqSocketType.ROUTER);
		List<byte[]> envelope = this.lastEnvelope;
		if (envelope == null) {
			throw new IllegalStateException("No request to answer on the test peer of endpoint '" + this.endpoint.name()
					+ "': call receiveMessage() first (and each request is answered once)");
		}
		List<byte[]> frames = new ArrayList<>(envelope);
		frames.add(PeerSupport.bytes(payload, this.converter));
		sendAll(frames);
		this.lastEnvelope = null;
	}

	/**
	 * Answers the request last received with an error reply, as a failing listener of the
	 * starter would.
	 * @param code the error code, such as {@code LISTENER_FAILED}
	 * @param message the error message
	 */
	public void replyError(String code, String message) {
		reply(ErrorReply.encode(code, message));
	}

	private void send(@Nullable String topic, Object payload, Map<String, String> headers) {
		checkThread();
		ZmqSocketType type = this.mirror.type();
		if (type != ZmqSocketType.PUSH && type != ZmqSocketType.PUB && type != ZmqSocketType.PAIR
				&& type != ZmqSocketType.DEALER) {
			throw new IllegalStateException(cannot("send") + "; it receives what the application sends"
					+ ((type == ZmqSocketType.ROUTER) ? ", and answers it with reply(...)" : ""));
		}
		if (topic != null && type != ZmqSocketType.PUB) {
			throw new IllegalStateException(
					cannot("publish") + "; only the peer of a SUB endpoint publishes on topics");
		}
		Map<String, String> sent = headers;
		String messageId = null;
		if (this.endpoint.reliable()) {
			messageId = UUID.randomUUID().toString();
			sent = new HashMap<>(headers);
			sent.put("message_id", messageId);
			sent.put("attempt", "1");
		}
		if (type == ZmqSocketType.PUB) {
			this.subscriptions.awaitCovering(this.socket, (topic != null) ? topic : "", this.timeout,
					this.endpoint.name());
		}
		byte[][] encoded = new ZmqFrameEncoder(this.mirror, HEADERS).encode(topic, sent.isEmpty() ? null : sent,
				PeerSupport.bytes(payload, this.converter));
		List<byte[]> frames = new ArrayList<>();
		if (type == ZmqSocketType.DEALER) {
			// An envelope of its own, which the listener's ROUTER echoes: a late
			// answer to an earlier call is told apart from this one's.
			this.requestId = UUID.randomUUID().toString();
			frames.add(this.requestId.getBytes(StandardCharsets.UTF_8));
			frames.add(new byte[0]);
		}
		frames.addAll(List.of(encoded));
		sendAll(frames);
		if (messageId != null) {
			awaitAck(messageId);
		}
	}

	/**
	 * The answer to the request sent last; late answers to earlier requests are dropped.
	 */
	private List<byte[]> awaitAnswer(String what) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		byte[] expected = (this.requestId != null) ? this.requestId.getBytes(StandardCharsets.UTF_8) : null;
		while (true) {
			Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
			List<byte[]> frames = await(what, left);
			if (expected == null || (frames.size() >= 3 && Arrays.equals(frames.get(0), expected))) {
				return frames;
			}
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("The test peer of endpoint '" + this.endpoint.name() + "' received nothing"
						+ " within " + this.timeout + " (waiting for " + what + ")");
			}
		}
	}

	private void awaitAck(String messageId) {
		List<byte[]> answer = awaitAnswer("the acknowledgement of message " + messageId);
		byte[] last = answer.get(answer.size() - 1);
		String text = new String(last, StandardCharsets.UTF_8);
		if (ErrorReply.isErrorReply(last)) {
			throw new IllegalStateException(
					"The at-least-once listener of endpoint '" + this.endpoint.name() + "' did not take message "
							+ messageId + ": " + ErrorReply.code(last) + ": " + ErrorReply.message(last));
		}
		if (!text.contains(messageId)) {
			throw new IllegalStateException("Expected the acknowledgement of message " + messageId + " on endpoint '"
					+ this.endpoint.name() + "', got " + text);
		}
	}

	private void sendAll(List<byte[]> frames) {
		for (int i = 0; i < frames.size(); i++) {
			if (!this.socket.send(frames.get(i), (i < frames.size() - 1) ? ZMQ.SNDMORE : 0)) {
				throw new IllegalStateException("The test peer of endpoint '" + this.endpoint.name()
						+ "' could not send: " + ZMQ.Error.findByCode(this.socket.errno()));
			}
		}
	}

	private List<byte[]> await(String what) {
		return await(what, this.timeout);
	}

	private List<byte[]> await(String what, Duration timeout) {
		this.socket.setReceiveTimeOut((int) Math.max(1, timeout.toMillis()));
		ZMsg message = ZMsg.recvMsg(this.socket);
		if (message == null) {
			throw new AssertionError("The test peer of endpoint '" + this.endpoint.name() + "' received nothing within "
					+ this.timeout + " (waiting for " + what + ")");
		}
		List<byte[]> frames = new ArrayList<>(message.size());
		message.forEach((frame) -> frames.add(frame.getData()));
		return frames;
	}

	private void requireType(String what, ZmqSocketType type) {
		if (this.mirror.type() != type) {
			throw new IllegalStateException(cannot(what));
		}
	}

	private String cannot(String what) {
		return "The test peer of endpoint '" + this.endpoint.name() + "' (" + this.endpoint.type() + ") cannot " + what;
	}

	private void checkThread() {
		if (this.closed) {
			throw new IllegalStateException("The test peer of endpoint '" + this.endpoint.name() + "' is closed");
		}
		if (Thread.currentThread() != this.owner) {
			throw new IllegalStateException(
					"The test peer of endpoint '" + this.endpoint.name() + "' belongs to thread " + this.owner.getName()
							+ ": a ZeroMQ socket must not be used by two threads; open a peer per thread");
		}
	}

	/** Closes the peer's socket. */
	@Override
	public void close() {
		if (!this.closed) {
			closeQuietly();
		}
	}

	void closeQuietly() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		PeerSupport.release(this.lent, this.socket);
		this.onClose.accept(this);
	}

}
