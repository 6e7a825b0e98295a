package dev.zmqspring.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.support.HeadersFrameCodec;
import dev.zmqspring.support.ZmqFrameEncoder;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import io.micrometer.observation.Observation;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Sends messages on named endpoints from any thread. Each endpoint has one thread that
 * owns its socket (see {@link ZmqSenderRegistry}), and callers hand it their messages;
 * only on a connecting PUSH or PUB endpoint with {@code socket-per-thread} does a calling
 * thread send on a socket of its own, which no other thread uses.
 *
 * <pre class="code">
 * template.convertAndSend("events", "user.registered", new UserRegistered(id, email));
 * StockLevel level = template.request("stock", new StockQuery("SKU-1"), StockLevel.class);
 * </pre>
 */
public class ZmqTemplate implements ZmqOperations {

	private static final RepeatLimitedLog TRACE_CONTEXT_DROPPED = new RepeatLimitedLog(
			LogFactory.getLog(ZmqTemplate.class), Duration.ofMinutes(1));

	private final ZmqSenderRegistry senders;

	private final ZmqMessageConverter converter;

	private final HeadersFrameCodec headersCodec;

	private final Map<String, ZmqFrameEncoder> encoders = new ConcurrentHashMap<>();

	/**
	 * The sender and encoder of each one-way endpoint sent on, so that a send looks its
	 * endpoint up once.
	 */
	private final Map<String, Route> routes = new ConcurrentHashMap<>();

	private volatile @Nullable ZmqOutbox outbox;

	private volatile ZmqObservations observations = ZmqObservations.NONE;

	public ZmqTemplate(ZmqSenderRegistry senders, ZmqMessageConverter converter) {
		this.senders = senders;
		this.converter = converter;
		this.headersCodec = new HeadersFrameCodec();
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
	public void convertAndSend(String endpoint, @Nullable String topic, Object payload,
			@Nullable Map<String, String> headers) {
		send(endpoint, topic, this.converter.toBytes(payload), headers);
	}

	/**
	 * Sends one message, already converted.
	 * @param endpoint the endpoint name
	 * @param topic the topic (PUB only), or {@code null}
	 * @param payload the payload frame
	 * @param headers the headers (endpoints with a headers frame), or {@code null}
	 */
	public void send(String endpoint, @Nullable String topic, byte[] payload, @Nullable Map<String, String> headers) {
		Route route = this.routes.get(endpoint);
		// A sender stopped with the registry (or ended on an error) is looked up again,
		// as on a first send.
		if (route != null && route.sender().isRunning()) {
			if (!route.observed()) {
				route.sender().send(route.encoder().encode(topic, headers, payload));
				return;
			}
			sendObserved(route, topic, headers, payload);
			return;
		}
		ZmqEndpoint target = this.senders.endpoint(endpoint);
		if (target.reliable()) {
			if (target.type() != ZmqSocketType.PUB && topic != null) {
				throw new IllegalArgumentException("Endpoint '" + endpoint
						+ "' is at-least-once (DEALER/REQ) and carries no topic; send without a topic");
			}
			store(target, topic, headers, payload);
			return;
		}
		EndpointSender sender = this.senders.sender(endpoint);
		route = new Route(sender, encoder(sender), this.observations.observes(sender.getEndpoint()));
		this.routes.put(endpoint, route);
		sendObserved(route, topic, headers, payload);
	}

	private void sendObserved(Route route, @Nullable String topic, @Nullable Map<String, String> headers,
			byte[] payload) {
		observeSend(route.sender().getEndpoint(), topic, headers, (carried) -> {
			route.sender().send(route.encoder().encode(topic, carried, payload));
			return null;
		});
	}

	/**
	 * Stores a message for at-least-once delivery: published on a durable topic (PUB), or
	 * kept in the outbox until acknowledged.
	 * @return the message id
	 */
	private String store(ZmqEndpoint target, @Nullable String topic, @Nullable Map<String, String> headers,
			byte[] payload) {
		ZmqOutbox outbox = requireOutbox(target.name());
		return observeSend(target, topic, headers,
				(carried) -> (target.type() == ZmqSocketType.PUB)
						? outbox.publish(target, (topic != null) ? topic : "", carried, payload)
						: outbox.store(target, carried, payload));
	}

	/**
	 * Sends with an observation when the endpoint is observed, its trace context added to
	 * the headers of an endpoint that has a headers frame.
	 * @param send sends the message with the headers it is given
	 */
	private <T> T observeSend(ZmqEndpoint endpoint, @Nullable String topic, @Nullable Map<String, String> headers,
			Function<@Nullable Map<String, String>, T> send) {
		ZmqObservations observing = this.observations;
		if (!observing.observes(endpoint)) {
			return send.apply(headers);
		}
		Map<String, String> carrier = carrier(endpoint, headers);
		Observation observation = observing.send(endpoint, topic, carrier).start();
		try {
			return withTraceContext(endpoint, carrier, headers, send);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * Sends with the headers the tracer added to; when they no longer fit the headers
	 * frame (or the outbox's room for them), with the caller's own, and says so: the
	 * receiver then starts a new trace, but the message goes as it would untraced.
	 */
	private static <T> T withTraceContext(ZmqEndpoint endpoint, @Nullable Map<String, String> carrier,
			@Nullable Map<String, String> headers, Function<@Nullable Map<String, String>, T> send) {
		if (carrier == null) {
			return send.apply(headers);
		}
		try {
			return send.apply(carrier);
		}
		catch (IllegalArgumentException ex) {
			if (carrier.equals((headers != null) ? headers : Map.of())) {
				// The caller's own headers fail as they are.
				throw ex;
			}
			T result = send.apply(headers);
			TRACE_CONTEXT_DROPPED.warn("Endpoint '" + endpoint.name() + "' sent a message without its trace context,"
					+ " which did not fit in the headers frame with the message's own headers (" + ex.getMessage()
					+ "); the receiver starts a new trace. Send fewer or smaller headers, or fewer baggage fields");
			return result;
		}
	}

	/**
	 * The headers a tracer may add to: a copy of the caller's, or {@code null} when the
	 * endpoint sends no headers frame (its wire format stays one frame for plain peers).
	 */
	private static @Nullable Map<String, String> carrier(ZmqEndpoint endpoint, @Nullable Map<String, String> headers) {
		if (!endpoint.headersFrame() && !endpoint.reliable()) {
			return null;
		}
		return (headers != null) ? new HashMap<>(headers) : new HashMap<>(4);
	}

	@Override
	public <T> @Nullable T request(String endpoint, Object request, Class<T> replyType) {
		return request(endpoint, request, replyType, null);
	}

	@Override
	public <T> @Nullable T request(String endpoint, Object request, Class<T> replyType, @Nullable Duration timeout) {
		return replyType.cast(requestAndAwait(endpoint, request, timeout, this.converter.readerFor(replyType)));
	}

	@Override
	public <T> CompletableFuture<T> requestAsync(String endpoint, Object request, Class<T> replyType,
			@Nullable Duration timeout) {
		ZmqMessageConverter.PayloadReader reader = this.converter.readerFor(replyType);
		return requestAndRead(endpoint, request, timeout, reader).thenApply(replyType::cast);
	}

	@Override
	public <T> @Nullable T request(String endpoint, Object request, Map<String, String> headers, Class<T> replyType,
			@Nullable Duration timeout) {
		byte[][] reply = requestFramesAndWait(endpoint, request, headers, timeout);
		return replyType.cast(this.converter.readerFor(replyType).read(reply[reply.length - 1]));
	}

	@Override
	public <T> CompletableFuture<T> requestAsync(String endpoint, Object request, Map<String, String> headers,
			Class<T> replyType, @Nullable Duration timeout) {
		ZmqMessageConverter.PayloadReader reader = this.converter.readerFor(replyType);
		return requestFrames(endpoint, request, headers, timeout)
			.thenApply(reply -> replyType.cast(reader.read(reply[reply.length - 1])));
	}

	/**
	 * Sends a request and reads the reply with a prepared reader (the fast path of
	 * publisher interfaces).
	 * @param endpoint the endpoint name
	 * @param request the request payload
	 * @param timeout the timeout, or {@code null} for the endpoint's
	 * {@code request-timeout}
	 * @param reader the reply reader
	 * @return the reply
	 */
	public CompletableFuture<Object> requestAndRead(String endpoint, Object request, @Nullable Duration timeout,
			ZmqMessageConverter.PayloadReader reader) {
		return requestFrames(endpoint, request, null, timeout).thenApply(reply -> reader.read(reply[reply.length - 1]));
	}

	/**
	 * Sends a request, waits for the reply and reads it with a prepared reader on the
	 * calling thread (so that the endpoint's thread only moves bytes).
	 * @param endpoint the endpoint name
	 * @param request the request payload
	 * @param timeout the timeout, or {@code null} for the endpoint's
	 * {@code request-timeout}
	 * @param reader the reply reader
	 * @return the reply
	 * @throws ZmqRequestTimeoutException when no reply came in the endpoint's tries
	 * @throws ZmqRemoteException when the server's listener failed
	 */
	public @Nullable Object requestAndAwait(String endpoint, Object request, @Nullable Duration timeout,
			ZmqMessageConverter.PayloadReader reader) {
		byte[][] reply = requestFramesAndWait(endpoint, request, null, timeout);
		return reader.read(reply[reply.length - 1]);
	}

	private CompletableFuture<byte[][]> requestFrames(String endpoint, Object request,
			@Nullable Map<String, String> headers, @Nullable Duration timeout) {
		RequestTries prepared = prepareRequest(endpoint, request, headers, timeout);
		Observation observation = prepared.observation();
		if (observation == null) {
			return prepared.async();
		}
		CompletableFuture<byte[][]> reply;
		try {
			reply = prepared.async();
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		return reply.whenComplete((frames, failure) -> {
			if (failure != null) {
				observation.error((failure instanceof CompletionException) ? failure.getCause() : failure);
			}
			observation.stop();
		});
	}

	/**
	 * A request made and waited for on the calling thread
	 * ({@link EndpointSender#requestAndWait}), its tries included.
	 */
	private byte[][] requestFramesAndWait(String endpoint, Object request, @Nullable Map<String, String> headers,
			@Nullable Duration timeout) {
		RequestTries prepared = prepareRequest(endpoint, request, headers, timeout);
		Observation observation = prepared.observation();
		if (observation == null) {
			return prepared.andWait();
		}
		try {
			return prepared.andWait();
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * Looks the endpoint up, converts the payload and encodes the frames, in an
	 * observation started here when the endpoint is observed.
	 */
	private RequestTries prepareRequest(String endpoint, Object request, @Nullable Map<String, String> headers,
			@Nullable Duration timeout) {
		EndpointSender sender = this.senders.sender(endpoint);
		ZmqEndpoint target = sender.getEndpoint();
		if (!target.type().expectsReply()) {
			throw new IllegalArgumentException("Endpoint '" + endpoint + "' is " + target.type()
					+ " and gets no replies; requests need zmq.endpoints." + endpoint + ".type REQ or DEALER");
		}
		byte[] payload = this.converter.toBytes(request);
		Duration effective = (timeout != null) ? timeout : target.requestTimeout();
		ZmqObservations observing = this.observations;
		if (!observing.observes(target)) {
			return new RequestTries(sender, encoder(sender).encode(null, headers, payload), effective, null);
		}
		Map<String, String> carrier = carrier(target, headers);
		Observation observation = observing.request(target, carrier).start();
		try {
			ZmqFrameEncoder encoder = encoder(sender);
			byte[][] frames = withTraceContext(target, carrier, headers,
					(carried) -> encoder.encode(null, carried, payload));
			return new RequestTries(sender, frames, effective, observation);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
	}

	/**
	 * Converts a payload and stores it for at-least-once delivery on an endpoint with
	 * {@code delivery: at-least-once}; returns the message id the receiver will see. When
	 * a transaction is active, the message is stored in it, and sent only after it
	 * commits.
	 * @param endpoint the endpoint name
	 * @param payload the payload
	 * @param headers extra headers, or {@code null}
	 * @return the message id
	 */
	public String sendReliably(String endpoint, Object payload, @Nullable Map<String, String> headers) {
		return store(this.senders.endpoint(endpoint), null, headers, this.converter.toBytes(payload));
	}

	/**
	 * Sets which sends and requests are observed, and how. Sends already routed keep how
	 * they were observed until the endpoint is looked up again.
	 * @param observations the observations ({@link ZmqObservations#NONE}: none)
	 */
	public void setObservations(ZmqObservations observations) {
		this.observations = observations;
		this.routes.clear();
	}

	/** Sets the outbox that at-least-once endpoints send through. */
	public void setOutbox(@Nullable ZmqOutbox outbox) {
		this.outbox = outbox;
	}

	private ZmqOutbox requireOutbox(String endpoint) {
		ZmqOutbox result = this.outbox;
		if (result == null) {
			throw new IllegalStateException("Endpoint '" + endpoint + "' is at-least-once but no ZmqOutbox is"
					+ " configured; keep the starter's auto-configuration or declare a ZmqOutbox bean");
		}
		return result;
	}

	/**
	 * Returns a reader for a reply type, for callers that read many replies of one type.
	 */
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

	/** Where one-way messages to an endpoint go. */
	private record Route(EndpointSender sender, ZmqFrameEncoder encoder, boolean observed) {
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
