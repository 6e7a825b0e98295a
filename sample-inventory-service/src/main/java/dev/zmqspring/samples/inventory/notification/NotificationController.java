package dev.zmqspring.samples.inventory.notification;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back office: the e-mail and SMS sent to a user.
 */
@RestController
class NotificationController {

	private final NotificationRepository notifications;

	NotificationController(NotificationRepository notifications) {
		this.notifications = notifications;
	}

	@GetMapping("/api/notifications")
	List<Notification> notifications(@RequestParam String email) {
		return this.notifications.findByEmail(email);
	}

}
