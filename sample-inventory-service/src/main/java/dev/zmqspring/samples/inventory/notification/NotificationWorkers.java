package dev.zmqspring.samples.inventory.notification;

import java.time.Duration;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.samples.inventory.InventoryProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * The workers: each PULL listener takes jobs from its dispatcher's PUSH socket and sends
 * them on four threads. Sending is simulated (a pause of {@code inventory.email-delay} or
 * {@code inventory.sms-delay}) and recorded with its times, so the back office can show
 * when each message went out.
 */
@Component
class NotificationWorkers {

	private static final Log logger = LogFactory.getLog(NotificationWorkers.class);

	private final NotificationRepository notifications;

	private final InventoryProperties properties;

	NotificationWorkers(NotificationRepository notifications, InventoryProperties properties) {
		this.notifications = notifications;
		this.properties = properties;
	}

	@ZmqListener(endpoint = "email-workers", concurrency = "4")
	void sendEmail(NotificationJob job) throws InterruptedException {
		send(job, this.properties.emailDelay());
	}

	@ZmqListener(endpoint = "sms-workers", concurrency = "4")
	void sendSms(NotificationJob job) throws InterruptedException {
		send(job, this.properties.smsDelay());
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
