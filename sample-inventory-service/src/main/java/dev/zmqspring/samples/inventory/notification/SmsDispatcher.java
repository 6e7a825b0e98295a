package dev.zmqspring.samples.inventory.notification;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqSendTo;
import org.springframework.stereotype.Component;

/**
 * Subscribes to {@code user.registered} on its own SUB socket (so it gets every
 * registration, as the e-mail dispatcher does) and hands one SMS job per registration to
 * the SMS workers, on {@code sms-jobs}.
 */
@Component
class SmsDispatcher {

	@ZmqListener(endpoint = "user-events-sms")
	@ZmqSendTo("sms-jobs")
	NotificationJob onUserRegistered(UserRegistered user) {
		return new NotificationJob("SMS", user.userId(), user.email(), user.phone(), user.name(), user.registeredAt(),
				System.currentTimeMillis());
	}

}
