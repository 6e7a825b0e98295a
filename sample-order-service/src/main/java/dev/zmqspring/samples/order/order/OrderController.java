package dev.zmqspring.samples.order.order;

import java.net.URI;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Orders. {@code POST} answers 201 with the order PENDING as soon as it is stored, whether inventory is up or not;
 * {@code GET} shows it RESERVED or REJECTED once inventory has answered.
 */
@RestController
class OrderController {

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping("/api/orders")
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
