package dev.zmqspring.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DurableTopics;
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
 * <li>{@code POST /actuator/zmq/topics/{endpoint}/{group}/{action}} with action
 * {@code reset-to-latest} or {@code reset-to-earliest}: moves a subscription group of a
 * durable topic published here.</li>
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

	private final @Nullable DurableTopics topics;

	/**
	 * Creates the endpoint.
	 * @param inspector looks at listeners, senders and devices
	 * @param listeners the listener containers
	 * @param reliable at-least-once delivery, or {@code null}
	 */
	public ZmqActuatorEndpoint(ZmqInspector inspector, ZmqListenerEndpointRegistry listeners,
			@Nullable ReliableDeliveryRegistry reliable) {
		this(inspector, listeners, reliable, null);
	}

	/**
	 * Creates the endpoint.
	 * @param inspector looks at listeners, senders and devices
	 * @param listeners the listener containers
	 * @param reliable at-least-once delivery, or {@code null}
	 * @param topics the durable topics published here, or {@code null}
	 */
	public ZmqActuatorEndpoint(ZmqInspector inspector, ZmqListenerEndpointRegistry listeners,
			@Nullable ReliableDeliveryRegistry reliable, @Nullable DurableTopics topics) {
		this.inspector = inspector;
		this.listeners = listeners;
		this.reliable = reliable;
		this.topics = topics;
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
		Map<String, Object> durable = durableTopics();
		if (!durable.isEmpty()) {
			result.put("topics", durable);
		}
		return result;
	}

	/**
	 * Moves or removes a subscription group of a durable topic published here:
	 * {@code POST /actuator/zmq/topics/{endpoint}/{group}/reset-to-latest} skips what is
	 * pending for it, {@code reset-to-earliest} delivers every retained message of its
	 * topics to it again, {@code remove} forgets it (a group that no longer exists).
	 * Logged as a warning that an Actuator request asked.
	 * @param section {@code topics}
	 * @param endpoint the durable topic's endpoint
	 * @param group the group
	 * @param action {@code reset-to-latest}, {@code reset-to-earliest} or {@code remove}
	 * @return the group afterwards
	 * @throws InvalidEndpointRequestException (400) for an unknown topic, group or action
	 */
	@WriteOperation
	public Map<String, Object> groupAction(@Selector String section, @Selector String endpoint, @Selector String group,
			@Selector String action) {
		DurableTopics durable = this.topics;
		if (!"topics".equals(section) || durable == null || !durable.endpoints().contains(endpoint)) {
			throw new InvalidEndpointRequestException("No durable topic '" + endpoint + "' is published here; known: "
					+ ((durable != null) ? durable.endpoints() : List.of()), "No such durable topic");
		}
		String requestedBy = "an Actuator request";
		try {
			switch (action) {
				case "reset-to-latest" -> durable.reset(endpoint, group, false, requestedBy);
				case "reset-to-earliest" -> durable.reset(endpoint, group, true, requestedBy);
				case "remove" -> {
					if (!durable.removeGroup(endpoint, group, requestedBy)) {
						throw new IllegalArgumentException(
								"Durable topic '" + endpoint + "' has no group '" + group + "'");
					}
					return Map.of("removed", group);
				}
				default -> throw new InvalidEndpointRequestException(
						"Unknown action '" + action + "'; use reset-to-latest, reset-to-earliest or remove",
						"Unknown action");
			}
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), "No such group");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> groups = (Map<String, Object>) durableTopics().get(endpoint);
		@SuppressWarnings("unchecked")
		Map<String, Object> figures = (Map<String, Object>) groups.get(group);
		return figures;
	}

	private Map<String, Object> durableTopics() {
		Map<String, Object> result = new LinkedHashMap<>();
		DurableTopics durable = this.topics;
		if (durable == null) {
			return result;
		}
		for (String endpoint : durable.endpoints()) {
			Map<String, Object> groups = new LinkedHashMap<>();
			try {
				for (DurableTopics.GroupStatus status : durable.status(endpoint)) {
					groups.put(status.group().name(), groupFigures(status));
				}
			}
			catch (RuntimeException ex) {
				groups.put("error", "the topic store cannot be read: " + ex.getMessage());
			}
			result.put(endpoint, groups);
		}
		return result;
	}

	private static Map<String, Object> groupFigures(DurableTopics.GroupStatus status) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("topics", status.group().topics().isEmpty() ? List.of("(every topic)") : status.group().topics());
		figures.put("lag", status.backlog().pending());
		figures.put("lagAge", status.lagAge().toString());
		figures.put("position", status.backlog().oldestSeq());
		figures.put("inFlight", status.backlog().inFlight());
		figures.put("delivered", status.statistics().getDelivered());
		figures.put("redelivered", status.statistics().getRedelivered());
		figures.put("acknowledged", status.statistics().getAcknowledged());
		figures.put("failed", status.statistics().getFailed());
		figures.put("lost", status.statistics().getLost());
		return figures;
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
