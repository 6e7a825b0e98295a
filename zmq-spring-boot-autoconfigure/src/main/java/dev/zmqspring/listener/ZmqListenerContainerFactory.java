package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.support.HeadersFrameCodec;
import dev.zmqspring.support.ZmqFrameDecoder;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;

/**
 * Builds listener containers with the application's socket factory, converter and error
 * handler. Use it to register listeners programmatically:
 *
 * <pre class="code">
 * ZmqListenerContainer container = factory.create("audit", catalog.get("audit", "audit listener"), 1, true,
 * 		message -&gt; { log(message.getPayload()); return null; }, null);
 * registry.register(container);
 * </pre>
 */
public class ZmqListenerContainerFactory {

	private final ZmqSocketFactory socketFactory;

	private final ZmqMessageConverter converter;

	private final ZmqListenerErrorHandler defaultErrorHandler;

	private final ZmqShutdownDeadline shutdownDeadline;

	private final HeadersFrameCodec headersCodec;

	private List<ZmqListenerContainerCustomizer> customizers = List.of();

	private ZmqObservations observations = ZmqObservations.NONE;

	/**
	 * @param socketFactory opens the containers' sockets
	 * @param converter converts payloads for listener methods
	 * @param defaultErrorHandler handles a listener's failure unless the listener has its
	 * own
	 * @param shutdownDeadline the application's one shutdown deadline, which stopping
	 * containers share
	 */
	public ZmqListenerContainerFactory(ZmqSocketFactory socketFactory, ZmqMessageConverter converter,
			ZmqListenerErrorHandler defaultErrorHandler, ZmqShutdownDeadline shutdownDeadline) {
		this.socketFactory = socketFactory;
		this.converter = converter;
		this.defaultErrorHandler = defaultErrorHandler;
		this.shutdownDeadline = shutdownDeadline;
		this.headersCodec = new HeadersFrameCodec();
	}

	/**
	 * Creates a container; it opens no socket until started.
	 * @param id the container id, unique in the registry
	 * @param endpoint the endpoint to receive on (a type that can listen)
	 * @param concurrency the number of threads that process messages (at least 1)
	 * @param autoStartup whether the registry starts it with the application
	 * @param listener the listener
	 * @param errorHandler the error handler, or {@code null} for the default
	 * @return the container
	 */
	public ZmqListenerContainer create(String id, ZmqEndpoint endpoint, int concurrency, boolean autoStartup,
			ZmqMessageListener listener, @Nullable ZmqListenerErrorHandler errorHandler) {
		return create(id, endpoint, concurrency, autoStartup, listener, errorHandler, null);
	}

	/**
	 * Creates a container; it opens no socket until started.
	 * @param id the container id, unique in the registry
	 * @param endpoint the endpoint to receive on (a type that can listen)
	 * @param concurrency the number of threads that process messages (at least 1)
	 * @param autoStartup whether the registry starts it with the application
	 * @param listener the listener
	 * @param errorHandler the error handler, or {@code null} for the default
	 * @param subscription for a member of a durable topic's subscription group (a SUB
	 * endpoint with at-least-once delivery), its group; else {@code null}
	 * @return the container
	 */
	public ZmqListenerContainer create(String id, ZmqEndpoint endpoint, int concurrency, boolean autoStartup,
			ZmqMessageListener listener, @Nullable ZmqListenerErrorHandler errorHandler,
			@Nullable GroupSubscription subscription) {
		if (concurrency < 1) {
			throw new IllegalArgumentException(
					"Listener '" + id + "': concurrency must be at least 1, was " + concurrency);
		}
		if (!endpoint.type().canListen()) {
			throw new IllegalArgumentException("Listener '" + id + "': socket type " + endpoint.type()
					+ " cannot receive; use one of " + dev.zmqspring.core.ZmqSocketType.listenerTypes());
		}
		EndpointStatistics statistics = new EndpointStatistics();
		MessageProcessor processor = new MessageProcessor(id, endpoint,
				new ZmqFrameDecoder(endpoint, this.headersCodec), listener, this.converter,
				(errorHandler != null) ? errorHandler : this.defaultErrorHandler, statistics);
		processor.setObservations(this.observations);
		ZmqListenerContainer container = new ZmqListenerContainer(id, endpoint, concurrency, autoStartup, processor,
				statistics, this.socketFactory, this.shutdownDeadline, subscription);
		this.customizers.forEach((customizer) -> customizer.customize(container));
		return container;
	}

	/**
	 * Sets what adjusts each container this factory creates, in order.
	 * @param customizers the customizers
	 */
	public void setContainerCustomizers(List<ZmqListenerContainerCustomizer> customizers) {
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Sets which listener invocations of the containers created from now on are observed,
	 * and how.
	 * @param observations the observations ({@link ZmqObservations#NONE}: none)
	 */
	public void setObservations(ZmqObservations observations) {
		this.observations = observations;
	}

	/** The converter listeners use. */
	public ZmqMessageConverter getConverter() {
		return this.converter;
	}

}
