package dev.zmqspring.samples.order.user;

/**
 * Published on topic {@code user.registered} once a user is stored (JSON on the wire).
 *
 * @param userId the user's id
 * @param name the user's name
 * @param email the e-mail address
 * @param phone the phone number
 * @param registeredAt when the account was stored (epoch milliseconds)
 */
public record UserRegistered(long userId, String name, String email, String phone, long registeredAt) {

	static UserRegistered of(User user) {
		return new UserRegistered(user.id(), user.name(), user.email(), user.phone(),
				user.registeredAt().toEpochMilli());
	}

}
