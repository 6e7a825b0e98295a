package dev.zmqspring.samples.order.user;

import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.annotation.ZmqTopic;

/**
 * User events, published on the {@code events} PUB endpoint. The starter implements this
 * interface; calling it hands the message to the socket's thread and returns at once.
 */
@ZmqPublisher(endpoint = "events")
public interface UserEvents {

	/**
	 * Publishes a registration to every subscriber (the e-mail and the SMS dispatchers of
	 * inventory).
	 */
	@ZmqTopic("user.registered")
	void registered(UserRegistered event);

}
