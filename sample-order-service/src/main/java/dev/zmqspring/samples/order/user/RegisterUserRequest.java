package dev.zmqspring.samples.order.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/users}.
 *
 * @param name the user's name
 * @param email the e-mail address (unique)
 * @param phone the phone number for the SMS
 */
public record RegisterUserRequest(@NotBlank @Size(max = 100) String name,
		@NotBlank @Email @Size(max = 200) String email, @NotBlank @Pattern(regexp = "\\+?[0-9]{6,15}",
				message = "must be 6 to 15 digits, optionally after a +") String phone) {
}
