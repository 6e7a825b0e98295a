package dev.zmqspring.samples.inventory.notification;

import java.time.Duration;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.samples.inventory.InventoryProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * The e-mail and the SMS senders: two subscription groups of the order service's durable
 * topic of {@code user.registered} events. Each group gets every registration, also those
 * made while this service was down or restarting, and sends on four threads. Sending is
 * simulated (a pause of {@code inventory.email-delay} or {@code inventory.sms-delay}) and
 * recorded with its times, in the listener's transaction together with the event's
 * message id: a registration is recorded once per channel, however often it is delivered.
 */
@Component
class NotificationSenders {

	private static final Log logger = LogFactory.getLog(NotificationSenders.class);

	private final NotificationRepository notifications;

	private final InventoryProperties properties;

	NotificationSenders(NotificationRepository notifications, InventoryProperties properties) {
		this.notifications = notifications;
		this.properties = properties;
	}

	@ZmqListener(id = "email", endpoint = "user-events", group = "email", idempotent = "true", concurrency = "4")
	void sendEmail(UserRegistered user) throws InterruptedException {
		send(NotificationJob.of("EMAIL", user, user.email()), this.properties.emailDelay());
	}

	@ZmqListener(id = "sms", endpoint = "user-events", group = "sms", idempotent = "true", concurrency = "4")
	void sendSms(UserRegistered user) throws InterruptedException {
		send(NotificationJob.of("SMS", user, user.phone()), this.properties.smsDelay());
	}

	private void send(NotificationJob job, Duration delay) throws InterruptedException {
		long startedAt = System.currentTimeMillis();
		if (logger.isDebugEnabled()) {
			logger.debug("Sending " + job.channel() + " to " + job.recipient());
		}
		Thread.sleep(delay.toMillis()); // stands in for the mail server or SMS gateway
		long finishedAt = System.currentTimeMillis();
		this.notifications.record(job, startedAt, finishedAt, Thread.currentThread().getName());
		logger.info(job.channel() + " to " + job.recipient() + " sent in " + (finishedAt - startedAt) + " ms, "
				+ (finishedAt - job.registeredAt()) + " ms after the registration");
	}

}
