package dev.zmqspring.docs.sending;

import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.annotation.ZmqTopic;

@ZmqPublisher(endpoint = "events")                  // a PUB endpoint
public interface UserEvents {

	@ZmqTopic("user.registered")                     // a fixed topic
	void registered(UserRegistered event);

	void publish(@ZmqTopic String topic, Object event);   // the topic given by the caller

}
