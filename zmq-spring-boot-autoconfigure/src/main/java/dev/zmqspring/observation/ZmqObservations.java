package dev.zmqspring.observation;

import java.util.Map;
import java.util.function.Predicate;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.support.ZmqMessage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Which endpoints are observed, and how: the template and the listener containers ask it
 * for their observations. The auto-configuration builds one from an
 * {@link ObservationRegistry} with handlers, {@code zmq.observation.enabled}, each
 * endpoint's {@code observation-enabled} and the convention beans; declare a bean of this
 * type to choose otherwise.
 */
public final class ZmqObservations {

	/** Observes nothing. */
	public static final ZmqObservations NONE = new ZmqObservations(ObservationRegistry.NOOP, (endpoint) -> false,
			Conventions.DEFAULT);

	private final ObservationRegistry registry;

	private final Predicate<String> observedEndpoints;

	private final Conventions conventions;

	private final DefaultZmqSendObservationConvention defaultSend;

	private final DefaultZmqListenerObservationConvention defaultListener;

	/**
	 * @param registry the registry
	 * @param observedEndpoints which endpoints, by name, are observed
	 * @param conventions the conventions
	 */
	public ZmqObservations(ObservationRegistry registry, Predicate<String> observedEndpoints, Conventions conventions) {
		this.registry = registry;
		this.observedEndpoints = observedEndpoints;
		this.conventions = conventions;
		this.defaultSend = conventions.topicTag() ? new DefaultZmqSendObservationConvention(true)
				: DefaultZmqSendObservationConvention.INSTANCE;
		this.defaultListener = conventions.topicTag() ? new DefaultZmqListenerObservationConvention(true)
				: DefaultZmqListenerObservationConvention.INSTANCE;
	}

	/**
	 * Whether the endpoint's messages are observed. Callers ask once per endpoint and
	 * take the unobserved path, which costs nothing more, when not.
	 */
	public boolean observes(ZmqEndpoint endpoint) {
		return !this.registry.isNoop() && this.observedEndpoints.test(endpoint.name());
	}

	/**
	 * An observation of a send, not started.
	 * @param headers the headers the message will carry, to which the tracer adds its
	 * context; {@code null} when the endpoint has no headers frame
	 */
	public Observation send(ZmqEndpoint endpoint, @Nullable String topic, @Nullable Map<String, String> headers) {
		return ZmqObservation.SEND.observation(this.conventions.send(), this.defaultSend,
				() -> new ZmqSendContext(endpoint, topic, headers), this.registry);
	}

	/**
	 * An observation of a request, not started.
	 * @param headers the headers the request will carry, to which the tracer adds its
	 * context; {@code null} when the endpoint has no headers frame
	 */
	public Observation request(ZmqEndpoint endpoint, @Nullable Map<String, String> headers) {
		return ZmqObservation.REQUEST.observation(this.conventions.request(),
				DefaultZmqRequestObservationConvention.INSTANCE, () -> new ZmqRequestContext(endpoint, headers),
				this.registry);
	}

	/**
	 * An observation of one try of the outbox, not started.
	 * @param storedHeaders the headers stored with the message, from which the tracer
	 * reads the trace it continues
	 */
	public Observation dispatch(ZmqEndpoint endpoint, String messageId, int attempt,
			Map<String, String> storedHeaders) {
		return ZmqObservation.DISPATCH.observation(this.conventions.dispatch(),
				DefaultZmqDispatchObservationConvention.INSTANCE,
				() -> new ZmqDispatchContext(endpoint, messageId, attempt, storedHeaders), this.registry);
	}

	/**
	 * Records an event on the observation current on this thread (a listener's), if any.
	 */
	public void event(Observation.Event event) {
		Observation current = this.registry.getCurrentObservation();
		if (current != null) {
			current.event(event);
		}
	}

	/**
	 * An observation of a listener invocation, not started.
	 * @param message the message, or {@code null} when its frames could not be read
	 */
	public Observation listener(String listenerId, ZmqEndpoint endpoint, @Nullable ZmqMessage message) {
		return ZmqObservation.LISTENER.observation(this.conventions.listener(), this.defaultListener,
				() -> new ZmqListenerContext(listenerId, endpoint, message), this.registry);
	}

	/**
	 * The conventions: the application's own ({@code null}: none) and the defaults.
	 *
	 * @param send the application's convention of sends, or {@code null}
	 * @param request the application's convention of requests, or {@code null}
	 * @param listener the application's convention of listener invocations, or
	 * {@code null}
	 * @param dispatch the application's convention of the outbox's tries, or {@code null}
	 * @param topicTag whether the default conventions make the topic a tag of the meters
	 */
	public record Conventions(@Nullable ZmqSendObservationConvention send,
			@Nullable ZmqRequestObservationConvention request, @Nullable ZmqListenerObservationConvention listener,
			@Nullable ZmqDispatchObservationConvention dispatch, boolean topicTag) {

		/** The default conventions only, the topic a high-cardinality tag. */
		public static final Conventions DEFAULT = new Conventions(null, null, null, null, false);

	}

}
