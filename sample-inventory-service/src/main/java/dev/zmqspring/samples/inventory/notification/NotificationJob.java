package dev.zmqspring.samples.inventory.notification;

/**
 * One message to send, and when it was asked for.
 *
 * @param channel {@code EMAIL} or {@code SMS}
 * @param userId the user's id
 * @param email the user's e-mail address (the key the back office looks notifications up
 * by)
 * @param recipient the e-mail address or phone number to send to
 * @param name the user's name
 * @param registeredAt when the account was stored (epoch milliseconds)
 * @param queuedAt when its group's member received the registration (epoch milliseconds)
 */
public record NotificationJob(String channel, long userId, String email, String recipient, String name,
		long registeredAt, long queuedAt) {

	/** The job of a registration on one channel, received now. */
	static NotificationJob of(String channel, UserRegistered user, String recipient) {
		return new NotificationJob(channel, user.userId(), user.email(), recipient, user.name(), user.registeredAt(),
				System.currentTimeMillis());
	}

}
