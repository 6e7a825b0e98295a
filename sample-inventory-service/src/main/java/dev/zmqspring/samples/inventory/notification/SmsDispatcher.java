package dev.zmqspring.samples.inventory.notification;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.stereotype.Component;

/**
 * Subscribes to {@code user.registered} on its own SUB socket (so it gets every
 * registration, as the e-mail dispatcher does) and hands one SMS job per registration to
 * the SMS workers.
 */
@Component
class SmsDispatcher {

	private final ZmqTemplate template;

	SmsDispatcher(ZmqTemplate template) {
		this.template = template;
	}

	@ZmqListener(endpoint = "user-events-sms")
	void onUserRegistered(UserRegistered user) {
		this.template.convertAndSend("sms-jobs", new NotificationJob("SMS", user.userId(), user.email(), user.phone(),
				user.name(), user.registeredAt(), System.currentTimeMillis()));
	}

}
