package dev.zmqspring.samples.order.order;

import dev.zmqspring.samples.order.user.UserRepository;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link KnownUser} against the user table (Spring creates it, so it can take the
 * repository).
 */
class KnownUserValidator implements ConstraintValidator<KnownUser, Long> {

	private final UserRepository users;

	KnownUserValidator(UserRepository users) {
		this.users = users;
	}

	@Override
	public boolean isValid(Long userId, ConstraintValidatorContext context) {
		return userId == null || this.users.exists(userId);
	}

}
