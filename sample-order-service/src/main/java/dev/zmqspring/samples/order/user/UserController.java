package dev.zmqspring.samples.order.user;

import java.net.URI;
import java.time.Instant;

import jakarta.validation.Valid;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Registration. The answer goes back as soon as the user is stored: the e-mail and SMS
 * are inventory's business, told by a {@code user.registered} event, and take their own
 * time. JSON in, JSON out: any other {@code Content-Type} (415) or {@code Accept} (406)
 * is refused before the user is stored.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class UserController {

	private final UserRepository users;

	private final UserEvents events;

	UserController(UserRepository users, UserEvents events) {
		this.users = users;
		this.events = events;
	}

	@PostMapping(path = "/api/users", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Transactional
	ResponseEntity<User> register(@Valid @RequestBody RegisterUserRequest request) {
		User user;
		try {
			user = this.users.insert(request, Instant.ofEpochMilli(System.currentTimeMillis()));
		}
		catch (DuplicateKeyException ex) {
			throw new ResponseStatusException(HttpStatus.CONFLICT,
					"a user with e-mail " + request.email() + " is already registered");
		}
		// A durable topic: the event is stored in this transaction, with the user, and
		// kept for inventory's e-mail and SMS groups until each has handled it.
		this.events.registered(UserRegistered.of(user));
		return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(user);
	}

	@GetMapping("/api/users/{id}")
	User user(@PathVariable long id) {
		return this.users.findById(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no user with id " + id));
	}

}
