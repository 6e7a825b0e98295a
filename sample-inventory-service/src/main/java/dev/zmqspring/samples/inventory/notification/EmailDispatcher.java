package dev.zmqspring.samples.inventory.notification;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.stereotype.Component;

/**
 * Subscribes to {@code user.registered} and hands one e-mail job per registration to the
 * e-mail workers. It does not send anything itself, so it keeps up with registrations
 * however slow sending is.
 */
@Component
class EmailDispatcher {

	private final ZmqTemplate template;

	EmailDispatcher(ZmqTemplate template) {
		this.template = template;
	}

	@ZmqListener(endpoint = "user-events-email")
	void onUserRegistered(UserRegistered user) {
		this.template.convertAndSend("email-jobs", new NotificationJob("EMAIL", user.userId(), user.email(),
				user.email(), user.name(), user.registeredAt(), System.currentTimeMillis()));
	}

}
