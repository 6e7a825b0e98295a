package dev.zmqspring.autoconfigure;

import java.util.List;

import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.listener.ZmqListenerContainerCustomizer;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.support.converter.ZmqMessageConverter;

/**
 * Creates {@link ZmqListenerContainerFactory} instances configured as the starter
 * configures its own (its socket factory, shutdown deadline and
 * {@link ZmqListenerContainerCustomizer} beans), with a converter or error handler of the
 * application's choice: for listeners that name the factory in
 * {@code @ZmqListener(containerFactory = "...")}.
 *
 * <pre class="code">
 * &#64;Bean
 * ZmqListenerContainerFactory protobufFactory(ZmqListenerContainerFactoryConfigurer configurer) {
 *     return configurer.create(new ProtobufMessageConverter());
 * }
 * </pre>
 */
public class ZmqListenerContainerFactoryConfigurer {

	private final ZmqSocketFactory socketFactory;

	private final ZmqMessageConverter converter;

	private final ZmqListenerErrorHandler errorHandler;

	private final ZmqShutdownDeadline shutdownDeadline;

	private final List<ZmqListenerContainerCustomizer> customizers;

	private ZmqObservations observations = ZmqObservations.NONE;

	/**
	 * @param socketFactory opens the containers' sockets
	 * @param converter the application's converter
	 * @param errorHandler the application's error handler
	 * @param shutdownDeadline the application's shutdown deadline
	 * @param customizers what adjusts every container, in order
	 */
	public ZmqListenerContainerFactoryConfigurer(ZmqSocketFactory socketFactory, ZmqMessageConverter converter,
			ZmqListenerErrorHandler errorHandler, ZmqShutdownDeadline shutdownDeadline,
			List<ZmqListenerContainerCustomizer> customizers) {
		this.socketFactory = socketFactory;
		this.converter = converter;
		this.errorHandler = errorHandler;
		this.shutdownDeadline = shutdownDeadline;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Sets which listener invocations the factories created from now on observe.
	 * @param observations the observations ({@link ZmqObservations#NONE}: none)
	 */
	public void setObservations(ZmqObservations observations) {
		this.observations = observations;
	}

	/**
	 * A factory like the starter's, with the application's converter and error handler.
	 */
	public ZmqListenerContainerFactory create() {
		return create(this.converter, this.errorHandler);
	}

	/**
	 * A factory like the starter's, with another converter.
	 * @param converter the converter of the listeners' payloads and replies
	 */
	public ZmqListenerContainerFactory create(ZmqMessageConverter converter) {
		return create(converter, this.errorHandler);
	}

	/**
	 * A factory like the starter's, with another converter and error handler.
	 * @param converter the converter of the listeners' payloads and replies
	 * @param errorHandler the error handler of listeners that name none
	 */
	public ZmqListenerContainerFactory create(ZmqMessageConverter converter, ZmqListenerErrorHandler errorHandler) {
		ZmqListenerContainerFactory factory = new ZmqListenerContainerFactory(this.socketFactory, converter,
				errorHandler, this.shutdownDeadline);
		factory.setContainerCustomizers(this.customizers);
		factory.setObservations(this.observations);
		return factory;
	}

}
