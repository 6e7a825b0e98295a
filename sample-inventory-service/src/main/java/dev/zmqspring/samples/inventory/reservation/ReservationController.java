package dev.zmqspring.samples.inventory.reservation;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.reliable.ReliableStatistics;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Back office: what inventory did with the orders, and what the at-least-once machinery
 * did to get them here.
 */
@RestController
class ReservationController {

	private final ReservationRepository reservations;

	private final ReliableDeliveryRegistry reliable;

	ReservationController(ReservationRepository reservations, ReliableDeliveryRegistry reliable) {
		this.reservations = reservations;
		this.reliable = reliable;
	}

	@GetMapping("/api/reservations/summary")
	Map<String, Object> summary() {
		ReservationSummary summary = this.reservations.summary();
		ReliableStatistics received = this.reliable.statistics("reservations");
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("orders", summary.orders());
		result.put("records", summary.records());
		result.put("duplicates", summary.duplicates());
		result.put("reserved", summary.reserved());
		result.put("rejected", summary.rejected());
		result.put("unitsReserved", summary.unitsReserved());
		// Since this process started: redeliveries that the idempotent listener
		// acknowledged without processing.
		result.put("redeliveriesDiscarded", received.getDuplicates());
		result.put("resultsNotYetAcknowledged", this.reliable.outboxDepth("order-results-out"));
		return result;
	}

}
