package dev.zmqspring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.reliable.ReliableStatistics;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code zmq} Actuator endpoint: every listener, sender and device with its
 * addresses, state, connected peers and counters, and the outbox of at-least-once
 * delivery when it is used; and the controls to pause, resume, stop and start a listener.
 * <ul>
 * <li>{@code GET /actuator/zmq}: everything.</li>
 * <li>{@code GET /actuator/zmq/{listenerId}}: one listener.</li>
 * <li>{@code POST /actuator/zmq/{listenerId}/{action}} with action {@code pause},
 * {@code resume}, {@code stop} or {@code start}: returns the listener as it is
 * afterwards.</li>
 * </ul>
 * A connecting socket without a peer shows {@code waitingForPeerSince}, and once it has
 * waited longer than its {@code peer-wait-warning} a {@code warning} (also listed in
 * {@code warnings} at the top). Socket options other than the type and addresses are
 * never shown.
 */
@Endpoint(id = "zmq")
public class ZmqActuatorEndpoint {

	private final ZmqInspector inspector;

	private final ZmqListenerEndpointRegistry listeners;

	private final @Nullable ReliableDeliveryRegistry reliable;

	/**
	 * Creates the endpoint.
	 * @param inspector looks at listeners, senders and devices
	 * @param listeners the listener containers
	 * @param reliable at-least-once delivery, or {@code null}
	 */
	public ZmqActuatorEndpoint(ZmqInspector inspector, ZmqListenerEndpointRegistry listeners,
			@Nullable ReliableDeliveryRegistry reliable) {
		this.inspector = inspector;
		this.listeners = listeners;
		this.reliable = reliable;
	}

	/** Everything: listeners, senders, devices and, when used, the outbox. */
	@ReadOperation
	public Map<String, Object> zmq() {
		ZmqInspector.Report report = this.inspector.inspect();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("status", report.healthy() ? "UP" : "DOWN");
		if (!report.healthy()) {
			result.put("problems", report.problems());
		}
		if (!report.warnings().isEmpty()) {
			result.put("warnings", report.warnings());
		}
		result.put("listeners", withReliable(report.listeners()));
		result.put("senders", report.senders());
		result.put("proxies", report.proxies());
		Map<String, Object> outbox = outbox();
		if (!outbox.isEmpty()) {
			result.put("outbox", outbox);
		}
		return result;
	}

	/**
	 * One listener.
	 * @param id the listener id
	 * @return its figures, or {@code null} (404) when there is no such listener
	 */
	@ReadOperation
	public @Nullable Map<String, Object> listener(@Selector String id) {
		ZmqListenerContainer container = this.listeners.getListenerContainer(id);
		return (container != null) ? describe(container) : null;
	}

	/**
	 * Pauses, resumes, stops or starts a listener. Pause keeps the socket open (messages
	 * queue up in ZeroMQ up to the high-water mark); stop closes it. Start also restarts
	 * a listener that failed.
	 * @param id the listener id
	 * @param action {@code pause}, {@code resume}, {@code stop} or {@code start}
	 * @return the listener afterwards, with {@code actionError} when the action failed (a
	 * start whose bind failed),
	 * @throws InvalidEndpointRequestException (400) for an unknown listener or action
	 */
	@WriteOperation
	public Map<String, Object> control(@Selector String id, @Selector String action) {
		ZmqListenerContainer container = this.listeners.getListenerContainer(id);
		if (container == null) {
			throw new InvalidEndpointRequestException(
					"No listener has the id '" + id + "'; known listeners: " + this.listeners.getListenerContainerIds(),
					"No such listener");
		}
		String error = null;
		switch (action) {
			case "pause" -> container.pause();
			case "resume" -> container.resume();
			case "stop" -> container.stop();
			case "start" -> {
				try {
					container.start();
				}
				catch (RuntimeException ex) {
					error = ex.getMessage();
				}
			}
			default -> throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "'; use pause, resume, stop or start", "Unknown action");
		}
		Map<String, Object> result = describe(container);
		if (error != null) {
			result.put("actionError", error);
		}
		return result;
	}

	private Map<String, Object> describe(ZmqListenerContainer container) {
		Map<String, Object> details = new LinkedHashMap<>(this.inspector.describe(container));
		details.put("autoStartup", container.isAutoStartup());
		ReliableStatistics statistics = reliableStatistics(container.getId());
		if (statistics != null) {
			details.put("reliable", listenerFigures(statistics));
		}
		return details;
	}

	private Map<String, Map<String, Object>> withReliable(Map<String, Map<String, Object>> listenerDetails) {
		Map<String, Map<String, Object>> result = new LinkedHashMap<>();
		listenerDetails.forEach((id, details) -> {
			ReliableStatistics statistics = reliableStatistics(id);
			if (statistics == null) {
				result.put(id, details);
			}
			else {
				Map<String, Object> extended = new LinkedHashMap<>(details);
				extended.put("reliable", listenerFigures(statistics));
				result.put(id, extended);
			}
		});
		return result;
	}

	private @Nullable ReliableStatistics reliableStatistics(String listenerId) {
		if (this.reliable == null || this.reliable.getEndpoints().contains(listenerId)) {
			return null;
		}
		return this.reliable.getStatistics().get(listenerId);
	}

	private Map<String, Object> outbox() {
		Map<String, Object> outbox = new LinkedHashMap<>();
		if (this.reliable == null) {
			return outbox;
		}
		Map<String, ReliableStatistics> statistics = this.reliable.getStatistics();
		for (String endpoint : this.reliable.getEndpoints()) {
			Map<String, Object> figures = new LinkedHashMap<>();
			try {
				figures.put("depth", this.reliable.outboxDepth(endpoint));
			}
			catch (RuntimeException ex) {
				figures.put("depthError", "the outbox store cannot be read: " + ex.getMessage());
			}
			figures.put("inFlight", this.reliable.inFlight(endpoint));
			figures.put("window", this.reliable.window(endpoint));
			ReliableStatistics counters = statistics.get(endpoint);
			if (counters != null) {
				figures.put("sends", counters.getSends());
				figures.put("redeliveries", counters.getRedeliveries());
				figures.put("acknowledgements", counters.getAcknowledgements());
				figures.put("unacknowledged", counters.getUnacknowledged());
			}
			outbox.put(endpoint, figures);
		}
		return outbox;
	}

	private static Map<String, Object> listenerFigures(ReliableStatistics statistics) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("acknowledgements", statistics.getAcknowledgements());
		figures.put("duplicates", statistics.getDuplicates());
		figures.put("deadLettered", statistics.getDeadLettered());
		return figures;
	}

}
