package dev.zmqspring.samples.inventory.notification;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqSendTo;
import org.springframework.stereotype.Component;

/**
 * Subscribes to {@code user.registered} and hands one e-mail job per registration to the
 * e-mail workers: the job it returns goes out on {@code email-jobs}. It does not send
 * anything itself, so it keeps up with registrations however slow sending is.
 */
@Component
class EmailDispatcher {

	@ZmqListener(endpoint = "user-events-email")
	@ZmqSendTo("email-jobs")
	NotificationJob onUserRegistered(UserRegistered user) {
		return new NotificationJob("EMAIL", user.userId(), user.email(), user.email(), user.name(), user.registeredAt(),
				System.currentTimeMillis());
	}

}
