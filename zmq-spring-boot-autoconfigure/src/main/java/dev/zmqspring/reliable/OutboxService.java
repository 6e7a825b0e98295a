package dev.zmqspring.reliable;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqOutbox;
import dev.zmqspring.core.ZmqSendException;
import dev.zmqspring.support.HeadersFrameCodec;
import org.jspecify.annotations.Nullable;

/**
 * Stores outgoing at-least-once messages in the {@link OutboxStore}, in the caller's
 * transaction when there is one, and wakes the endpoint's dispatcher once the message is
 * committed.
 */
public class OutboxService implements ZmqOutbox {

	private static final HeadersFrameCodec HEADERS = new HeadersFrameCodec();

	private final OutboxStore store;

	private final Consumer<String> dispatcherWakeUp;

	private volatile @Nullable DurableTopics durableTopics;

	/**
	 * Creates the service.
	 * @param store where messages are kept until acknowledged
	 * @param dispatcherWakeUp called with the endpoint name after a message is committed
	 */
	public OutboxService(OutboxStore store, Consumer<String> dispatcherWakeUp) {
		this.store = store;
		this.dispatcherWakeUp = dispatcherWakeUp;
	}

	@Override
	public String store(ZmqEndpoint endpoint, @Nullable Map<String, String> headers, byte[] payload) {
		if (!endpoint.reliable()) {
			throw new IllegalArgumentException("Endpoint '" + endpoint.name() + "' is not at-least-once; set "
					+ endpoint.settingName("delivery") + " to at-least-once to send through the outbox");
		}
		long limit = endpoint.settings().maxMessageSize();
		if (payload.length > limit) {
			throw new ZmqSendException("Endpoint '" + endpoint.name() + "': a payload of " + payload.length
					+ " bytes is over the maximum message size of " + limit + " bytes; raise "
					+ endpoint.settingName("socket.max-message-size") + " on both sender and receiver");
		}
		String id = UUID.randomUUID().toString();
		checkHeaders(headers, id);
		long now = System.currentTimeMillis();
		this.store
			.save(new OutboxMessage(id, endpoint.name(), (headers != null) ? headers : Map.of(), payload, now, 0, now));
		AfterCommit.run(() -> this.dispatcherWakeUp.accept(endpoint.name()));
		return id;
	}

	/**
	 * Refuses headers that could never be sent, before they are stored: the dispatcher
	 * adds the message id and the attempt to them, and a stored message whose headers do
	 * not fit the headers frame would be tried for ever.
	 */
	private static void checkHeaders(@Nullable Map<String, String> headers, String id) {
		Map<String, String> sent = new HashMap<>((headers != null) ? headers : Map.of());
		for (String name : new String[] { ReliableHeaders.MESSAGE_ID, ReliableHeaders.ATTEMPT }) {
			if (sent.containsKey(name)) {
				throw new IllegalArgumentException(
						"Header '" + name + "' is set by at-least-once delivery itself;" + " rename it");
			}
		}
		sent.put(ReliableHeaders.MESSAGE_ID, id);
		sent.put(ReliableHeaders.ATTEMPT, Integer.toString(Integer.MAX_VALUE));
		HEADERS.encode(sent);
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalStateException when the application has no durable topics
	 */
	@Override
	public String publish(ZmqEndpoint endpoint, String topic, @Nullable Map<String, String> headers, byte[] payload) {
		DurableTopics durable = this.durableTopics;
		if (durable == null) {
			throw new IllegalStateException("Endpoint '" + endpoint.name() + "' is a durable topic but the"
					+ " application has no DurableTopics; keep the starter's auto-configuration");
		}
		return durable.publish(endpoint, topic, headers, payload);
	}

	/** Sets the durable topics that {@link #publish} stores into. */
	public void setDurableTopics(@Nullable DurableTopics durableTopics) {
		this.durableTopics = durableTopics;
	}

	/** The store behind this service. */
	public OutboxStore getStore() {
		return this.store;
	}

}
