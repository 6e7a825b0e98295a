package dev.zmqspring.docs.patterns;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.stereotype.Component;

/** Publish/subscribe with a topic filter. */
@Component
class UserFeed {

	final List<String> received = new CopyOnWriteArrayList<>();

	private final ZmqTemplate template;

	UserFeed(ZmqTemplate template) {
		this.template = template;
	}

	void publish() {
		// tag::publish[]
		this.template.convertAndSend("events", "user.registered", new UserRegistered("u-1", "ada@example.com"));
		// end::publish[]
	}

	// tag::subscribe[]
	@ZmqListener(endpoint = "user-feed")
	void onUser(@ZmqTopic String topic, UserRegistered event) {
		this.received.add(topic + " " + event.userId());
	}
	// end::subscribe[]

}
