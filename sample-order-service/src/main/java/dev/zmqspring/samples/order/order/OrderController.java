package dev.zmqspring.samples.order.order;

import java.net.URI;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Orders. {@code POST} answers 201 with the order PENDING as soon as it is stored,
 * whether inventory is up or not; {@code GET} shows it RESERVED or REJECTED once
 * inventory has answered.
 * <p>
 * The mappings declare that they take and give JSON only, so that Spring refuses any
 * other {@code Content-Type} (415) or {@code Accept} (406) before this controller runs.
 * Without it, a client that asked for XML had its order stored and sent, then got a 406
 * for the answer, and created a duplicate when it tried again.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class OrderController {

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping(path = "/api/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Order> place(@Valid @RequestBody PlaceOrderRequest request) {
		Order order = this.orders.place(request);
		return ResponseEntity.created(URI.create("/api/orders/" + order.id())).body(order);
	}

	@GetMapping("/api/orders/{id}")
	Order order(@PathVariable long id) {
		return this.orders.find(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no order with id " + id));
	}

}
