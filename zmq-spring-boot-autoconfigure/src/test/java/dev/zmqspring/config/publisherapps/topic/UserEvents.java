package dev.zmqspring.config.publisherapps.topic;

import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.annotation.ZmqTopic;

/**
 * A publisher that gives topics, on the method and as a parameter: fine on PUB, a mistake
 * on PUSH.
 */
@ZmqPublisher(endpoint = "events")
public interface UserEvents {

	@ZmqTopic("user.registered")
	void registered(String userId);

	void publish(@ZmqTopic String topic, String userId);

}
