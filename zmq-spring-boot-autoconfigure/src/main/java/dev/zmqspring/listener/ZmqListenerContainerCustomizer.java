package dev.zmqspring.listener;

/**
 * Adjusts each listener container a {@link ZmqListenerContainerFactory} creates, before
 * it is registered and started: declare beans of this type, in {@code @Order}, as for
 * Spring Boot's Kafka and Rabbit container customizers.
 */
@FunctionalInterface
public interface ZmqListenerContainerCustomizer {

	/**
	 * Adjusts a container.
	 * @param container a container just created, not yet started
	 */
	void customize(ZmqListenerContainer container);

}
