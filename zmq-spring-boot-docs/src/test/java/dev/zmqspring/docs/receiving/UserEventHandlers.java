package dev.zmqspring.docs.receiving;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqHandler;
import dev.zmqspring.annotation.ZmqListener;
import org.springframework.stereotype.Component;

/** The handlers by topic of docs/receiving.md. */
// tag::topics[]
@Component
@ZmqListener(endpoint = "user-events")          // one SUB socket for the class
class UserEventHandlers {

	final List<String> handled = new CopyOnWriteArrayList<>();           // what the example did

	@ZmqHandler(topics = "user.registered")
	void registered(UserRegistered event) {
		this.handled.add("welcome " + event.email());
	}

	@ZmqHandler(topics = "user.deleted")
	void deleted(UserDeleted event) {
		this.handled.add("forget " + event.userId());
	}

}
// end::topics[]
