package dev.zmqspring.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.support.HeadersFrameCodec;
import dev.zmqspring.support.ZmqFrameEncoder;
import dev.zmqspring.support.converter.ZmqMessageConverter;

/**
 * Sends messages on named endpoints from any thread. No socket is ever touched by the calling thread: each endpoint
 * has one thread that owns its socket (see {@link ZmqSenderRegistry}).
 *
 * <pre class="code">
 * template.convertAndSend("events", "user.registered", new UserRegistered(id, email));
 * StockLevel level = template.request("stock", new StockQuery("SKU-1"), StockLevel.class);
 * </pre>
 */
public class ZmqTemplate implements ZmqOperations {

	private final ZmqSenderRegistry senders;

	private final ZmqMessageConverter converter;

	private final HeadersFrameCodec headersCodec;

	private final Map<String, ZmqFrameEncoder> encoders = new ConcurrentHashMap<>();

	public ZmqTemplate(ZmqSenderRegistry senders, ZmqMessageConverter converter) {
		this.senders = senders;
		this.converter = converter;
		this.headersCodec = new HeadersFrameCodec(converter);
	}

	@Override
	public void send(String endpoint, byte[] payload) {
		send(endpoint, null, payload, null);
	}

	@Override
	public void convertAndSend(String endpoint, Object payload) {
		send(endpoint, null, this.converter.toBytes(payload), null);
	}

	@Override
	public void convertAndSend(String endpoint, String topic, Object payload) {
		send(endpoint, topic, this.converter.toBytes(payload), null);
	}

	@Override
	public void convertAndSend(String endpoint, String topic, Object payload, Map<String, String> headers) {
		send(endpoint, topic, this.converter.toBytes(payload), headers);
	}

	/**
	 * Sends one message, already converted.
	 * @param endpoint the endpoint name
	 * @param topic the topic (PUB only), or {@code null}
	 * @param payload the payload frame
	 * @param headers the headers (endpoints with a headers frame), or {@code null}
	 */
	public void send(String endpoint, String topic, byte[] payload, Map<String, String> headers) {
		EndpointSender sender = this.senders.sender(endpoint);
		sender.send(encoder(sender).encode(topic, headers, payload));
	}

	@Override
	public <T> T request(String endpoint, Object request, Class<T> replyType) {
		return request(endpoint, request, replyType, null);
	}

	@Override
	public <T> T request(String endpoint, Object request, Class<T> replyType, Duration timeout) {
		return await(requestAsync(endpoint, request, replyType, timeout));
	}

	@Override
	public <T> CompletableFuture<T> requestAsync(String endpoint, Object request, Class<T> replyType, Duration timeout) {
		ZmqMessageConverter.PayloadReader reader = this.converter.readerFor(replyType);
		return requestAndRead(endpoint, request, timeout, reader).thenApply(replyType::cast);
	}

	/**
	 * Sends a request and reads the reply with a prepared reader (the fast path of publisher interfaces).
	 * @param endpoint the endpoint name
	 * @param request the request payload
	 * @param timeout the timeout, or {@code null} for the endpoint's {@code request-timeout}
	 * @param reader the reply reader
	 * @return the reply
	 */
	public CompletableFuture<Object> requestAndRead(String endpoint, Object request, Duration timeout,
			ZmqMessageConverter.PayloadReader reader) {
		EndpointSender sender = this.senders.sender(endpoint);
		if (!sender.getEndpoint().type().expectsReply()) {
			throw new IllegalArgumentException("Endpoint '" + endpoint + "' is " + sender.getEndpoint().type()
					+ " and gets no replies; requests need zmq.endpoints." + endpoint + ".type REQ or DEALER");
		}
		byte[][] frames = encoder(sender).encode(null, null, this.converter.toBytes(request));
		Duration effective = (timeout != null) ? timeout : sender.getEndpoint().requestTimeout();
		return sender.request(frames, effective).thenApply(reply -> reader.read(reply[reply.length - 1]));
	}

	/** Returns a reader for a reply type, for callers that read many replies of one type. */
	public ZmqMessageConverter.PayloadReader readerFor(Type type) {
		return this.converter.readerFor(type);
	}

	/** The registry of senders behind this template. */
	public ZmqSenderRegistry getSenderRegistry() {
		return this.senders;
	}

	private ZmqFrameEncoder encoder(EndpointSender sender) {
		return this.encoders.computeIfAbsent(sender.getEndpoint().name(),
				name -> new ZmqFrameEncoder(sender.getEndpoint(), this.headersCodec));
	}

	/**
	 * Waits for a future and rethrows its failure as it is, not wrapped.
	 */
	public static <T> T await(CompletableFuture<T> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

}
