package dev.zmqspring.samples.inventory.notification;

/**
 * One message to send, handed from a dispatcher to the workers (JSON on the wire).
 *
 * @param channel {@code EMAIL} or {@code SMS}
 * @param userId the user's id
 * @param email the user's e-mail address (the key the back office looks notifications up
 * by)
 * @param recipient the e-mail address or phone number to send to
 * @param name the user's name
 * @param registeredAt when the account was stored (epoch milliseconds)
 * @param queuedAt when the dispatcher handed the job to the workers (epoch milliseconds)
 */
public record NotificationJob(String channel, long userId, String email, String recipient, String name,
		long registeredAt, long queuedAt) {
}
