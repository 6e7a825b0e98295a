package dev.zmqspring.samples.inventory.notification;

/**
 * A user registered in the order service (JSON on the wire, topic
 * {@code user.registered}).
 *
 * @param userId the user's id
 * @param name the user's name
 * @param email where the welcome e-mail goes
 * @param phone where the welcome SMS goes
 * @param registeredAt when the account was stored (epoch milliseconds)
 */
public record UserRegistered(long userId, String name, String email, String phone, long registeredAt) {
}
