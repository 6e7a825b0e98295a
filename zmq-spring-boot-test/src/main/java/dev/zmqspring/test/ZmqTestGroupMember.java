package dev.zmqspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.support.ErrorReply;
import dev.zmqspring.support.GroupFetchFrames;
import dev.zmqspring.support.HeadersFrameCodec;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A member of a subscription group of one of the application's durable topics (a PUB
 * endpoint with {@code delivery: at-least-once}), opened by
 * {@link ZmqTestClient#groupMember(String, String)}: it fetches the group's messages one
 * at a time, as a {@code @ZmqListener(group = ...)} of another service would, and
 * acknowledges each with its next fetch, or when it is closed. A message it received but
 * did not acknowledge (the test ended first) is due again for the group when its lease
 * ends. Not thread-safe: use it on the thread that opened it.
 */
public final class ZmqTestGroupMember implements AutoCloseable {

	private static final HeadersFrameCodec HEADERS = new HeadersFrameCodec();

	private static final long FETCH_WAIT_MS = 500;

	private final ZmqEndpoint endpoint;

	private final String group;

	private final ZMQ.Socket socket;

	private final ZmqMessageConverter converter;

	private final Thread owner;

	private final Consumer<ZmqTestGroupMember> onClose;

	private final Map<String, Integer> acknowledged = new LinkedHashMap<>();

	private Duration timeout = ZmqTestClient.DEFAULT_TIMEOUT;

	private int fetches;

	private boolean closed;

	ZmqTestGroupMember(ZContext context, ZmqEndpoint endpoint, String group, List<String> addresses,
			ZmqMessageConverter converter, Consumer<ZmqTestGroupMember> onClose) {
		this.endpoint = endpoint;
		this.group = group;
		this.converter = converter;
		this.onClose = onClose;
		this.owner = Thread.currentThread();
		this.socket = context.createSocket(SocketType.DEALER);
		this.socket.setLinger(2000);
		addresses.forEach(this.socket::connect);
	}

	/**
	 * Sets how long this member waits for a message; 10 seconds unless set.
	 * @param timeout the timeout
	 * @return this member
	 */
	public ZmqTestGroupMember withTimeout(Duration timeout) {
		checkThread();
		this.timeout = timeout;
		return this;
	}

	/**
	 * Waits for the group's next message and reads its payload; acknowledges the message
	 * received before.
	 * @param <T> the payload type
	 * @param type the payload type
	 * @return the payload
	 * @throws AssertionError when no message came within the timeout
	 */
	public <T> @Nullable T receive(Class<T> type) {
		return receiveMessage().getPayload(type);
	}

	/**
	 * Waits for the group's next message; acknowledges the message received before.
	 * @return the message, with its topic and headers ({@code message_id} among them)
	 * @throws AssertionError when no message came within the timeout
	 */
	public ZmqTestMessage receiveMessage() {
		checkThread();
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (System.nanoTime() - deadline < 0) {
			GroupFetchFrames.Batch batch = fetch(1, FETCH_WAIT_MS);
			this.acknowledged.clear();
			if (!batch.messages().isEmpty()) {
				byte[][] message = batch.messages().get(0);
				String topic = new String(message[0], StandardCharsets.UTF_8);
				Map<String, String> headers = HEADERS.decode(message[1]);
				String messageId = headers.get("message_id");
				if (messageId != null) {
					this.acknowledged.put(messageId, attempt(headers.get("attempt")));
				}
				return new ZmqTestMessage(topic, headers, message[2], List.of(message), this.converter);
			}
		}
		throw new AssertionError("Group '" + this.group + "' of durable topic '" + this.endpoint.name()
				+ "' got no message within " + this.timeout);
	}

	private GroupFetchFrames.Batch fetch(int max, long waitMillis) {
		String fetchId = Integer.toString(++this.fetches);
		byte[] fetch = GroupFetchFrames.encode(new GroupFetchFrames.Fetch(fetchId, this.group, false, max, waitMillis,
				this.acknowledged, Map.of(), List.of()));
		this.socket.send(new byte[0], ZMQ.SNDMORE);
		this.socket.send(fetch, 0);
		this.socket.setReceiveTimeOut((int) Math.max(1, this.timeout.toMillis()));
		while (true) {
			ZMsg answer = ZMsg.recvMsg(this.socket);
			if (answer == null) {
				throw new AssertionError("The fetch server of durable topic '" + this.endpoint.name()
						+ "' did not answer group '" + this.group + "' within " + this.timeout);
			}
			List<byte[]> frames = new ArrayList<>(answer.size());
			answer.forEach((frame) -> frames.add(frame.getData()));
			List<byte[]> body = frames.subList(1, frames.size());
			if (body.size() == 1 && ErrorReply.isErrorReply(body.get(0))) {
				throw new ZmqRemoteException(ErrorReply.code(body.get(0)), ErrorReply.message(body.get(0)));
			}
			GroupFetchFrames.Batch batch = GroupFetchFrames.decodeBatch(body);
			if (batch.fetchId().equals(fetchId)) {
				return batch;
			}
			// The answer to an earlier fetch that came late: its messages are due again.
		}
	}

	private static int attempt(@Nullable String text) {
		try {
			return (text != null) ? Integer.parseInt(text) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private void checkThread() {
		if (this.closed) {
			throw new IllegalStateException("The member of group '" + this.group + "' is closed");
		}
		if (Thread.currentThread() != this.owner) {
			throw new IllegalStateException("The member of group '" + this.group + "' belongs to thread "
					+ this.owner.getName() + ": a ZeroMQ socket must not be used by two threads; open one per thread");
		}
	}

	/** Acknowledges the message received last, and closes the member's socket. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		try {
			if (!this.acknowledged.isEmpty() && Thread.currentThread() == this.owner) {
				fetch(0, 0);
			}
		}
		finally {
			closeQuietly();
		}
	}

	void closeQuietly() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.socket.close();
		}
		catch (RuntimeException ex) {
			// The context is closing: it closes the socket itself.
		}
		this.onClose.accept(this);
	}

}
