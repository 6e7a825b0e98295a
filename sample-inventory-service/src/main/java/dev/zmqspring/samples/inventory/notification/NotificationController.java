package dev.zmqspring.samples.inventory.notification;

import java.util.List;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back office: the e-mail and SMS sent to a user. A missing or malformed {@code email} is
 * a 400 problem detail that names it (Spring MVC validates the constrained parameter
 * before the method runs).
 */
@RestController
class NotificationController {

	private final NotificationRepository notifications;

	NotificationController(NotificationRepository notifications) {
		this.notifications = notifications;
	}

	@GetMapping("/api/notifications")
	List<Notification> notifications(@RequestParam @NotBlank @Email String email) {
		return this.notifications.findByEmail(email);
	}

}
