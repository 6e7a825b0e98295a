package dev.zmqspring.samples.order.user;

import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.annotation.ZmqTopic;

/**
 * User events, published on the {@code events} endpoint, a durable topic. The starter
 * implements this interface; calling it stores the event in the caller's transaction and
 * returns at once.
 */
@ZmqPublisher(endpoint = "events")
public interface UserEvents {

	/**
	 * Publishes a registration to every subscription group (inventory's e-mail and SMS
	 * senders): stored in the caller's transaction, and kept for each group until it has
	 * handled it.
	 */
	@ZmqTopic("user.registered")
	void registered(UserRegistered event);

}
