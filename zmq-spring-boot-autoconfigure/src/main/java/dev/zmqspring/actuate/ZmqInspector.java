package dev.zmqspring.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.EndpointSender;
import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.SocketActivity;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Looks at every listener container, sender and device and says how each is doing: the
 * figures that health and the {@code zmq} Actuator endpoint show, and the problems that
 * make health DOWN. Only the socket type and addresses of an endpoint are shown, never
 * its other options.
 * <p>
 * A component is DOWN when it failed (a listener whose thread died or whose socket could
 * not bind, a sender whose socket could not open or whose thread died, a device that
 * stopped on its own), or when it runs with fewer peers than its endpoint's
 * {@code min-peers}. A listener stopped or paused on purpose is not DOWN. Connections a
 * binding socket dropped because the peer broke the protocol are shown
 * ({@code rejectedConnections}) but never make it DOWN: the socket keeps serving its
 * other peers.
 * <p>
 * A connecting socket that has had no peer for its endpoint's {@code peer-wait-warning}
 * shows {@code waitingForPeerSince} and a {@code warning}, and the warning is listed in
 * the report's warnings, but it is not DOWN: a peer that is not there yet is often
 * expected (it deploys later, or is optional), restarting this application would not
 * bring it, and an endpoint that cannot work without peers says so with
 * {@code min-peers}.
 */
class ZmqInspector {

	private final @Nullable ZmqListenerEndpointRegistry listeners;

	private final @Nullable ZmqSenderRegistry senders;

	private final @Nullable ZmqProxyRegistry proxies;

	private final Map<String, Integer> minPeers;

	private final @Nullable ConnectionRejections rejections;

	/**
	 * Creates an inspector.
	 * @param listeners the listener containers, or {@code null}
	 * @param senders the senders, or {@code null}
	 * @param proxies the devices, or {@code null}
	 * @param minPeers the minimum number of peers by endpoint name
	 * ({@code zmq.endpoints.<name>.min-peers})
	 */
	public ZmqInspector(@Nullable ZmqListenerEndpointRegistry listeners, @Nullable ZmqSenderRegistry senders,
			@Nullable ZmqProxyRegistry proxies, Map<String, Integer> minPeers) {
		this(listeners, senders, proxies, minPeers, null);
	}

	/**
	 * Creates an inspector.
	 * @param listeners the listener containers, or {@code null}
	 * @param senders the senders, or {@code null}
	 * @param proxies the devices, or {@code null}
	 * @param minPeers the minimum number of peers by endpoint name
	 * ({@code zmq.endpoints.<name>.min-peers})
	 * @param rejections connections dropped because the peer broke the protocol, or
	 * {@code null}
	 */
	public ZmqInspector(@Nullable ZmqListenerEndpointRegistry listeners, @Nullable ZmqSenderRegistry senders,
			@Nullable ZmqProxyRegistry proxies, Map<String, Integer> minPeers,
			@Nullable ConnectionRejections rejections) {
		this.listeners = listeners;
		this.senders = senders;
		this.proxies = proxies;
		this.minPeers = Map.copyOf(minPeers);
		this.rejections = rejections;
	}

	/** Looks at everything now. */
	public Report inspect() {
		List<String> problems = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		Map<String, Map<String, Object>> listenerDetails = new LinkedHashMap<>();
		if (this.listeners != null) {
			for (ZmqListenerContainer container : this.listeners.getListenerContainers()) {
				listenerDetails.put(container.getId(), describe(container, problems));
			}
		}
		Map<String, Map<String, Object>> senderDetails = new LinkedHashMap<>();
		if (this.senders != null) {
			for (EndpointSender sender : this.senders.getSenders()) {
				senderDetails.put(sender.getEndpoint().name(), describe(sender, problems));
			}
			this.senders.getOpenFailures().forEach((name, failure) -> {
				if (!senderDetails.containsKey(name)) {
					senderDetails.put(name, describeOpenFailure(name, failure, problems));
				}
			});
		}
		Map<String, Map<String, Object>> proxyDetails = new LinkedHashMap<>();
		if (this.proxies != null) {
			for (ZmqProxy proxy : this.proxies.getProxies()) {
				proxyDetails.put(proxy.getName(), describe(proxy, problems));
			}
		}
		List.of(listenerDetails, senderDetails, proxyDetails)
			.forEach((components) -> components.values().forEach((details) -> collectWarnings(details, warnings)));
		return new Report(listenerDetails, senderDetails, proxyDetails, List.copyOf(problems), List.copyOf(warnings));
	}

	/** The peer warnings of one component, a device's sides included. */
	private static void collectWarnings(Map<String, Object> details, List<String> warnings) {
		if (details.get("warning") instanceof String warning) {
			warnings.add(warning);
		}
		for (String side : List.of("frontend", "backend")) {
			if (details.get(side) instanceof Map<?, ?> sideDetails
					&& sideDetails.get("warning") instanceof String warning) {
				warnings.add(warning);
			}
		}
	}

	/**
	 * Describes one listener container.
	 * @param container the container
	 * @return its figures
	 */
	public Map<String, Object> describe(ZmqListenerContainer container) {
		return describe(container, new ArrayList<>());
	}

	private Map<String, Object> describe(ZmqListenerContainer container, List<String> problems) {
		ZmqEndpoint endpoint = container.getEndpoint();
		ZmqListenerContainer.State state = container.getState();
		boolean started = state == ZmqListenerContainer.State.RUNNING || state == ZmqListenerContainer.State.PAUSED;
		// A stopped listener shows its configuration (a port chosen at bind time is
		// gone); others what they bound.
		boolean opened = started || state == ZmqListenerContainer.State.FAILED;
		Map<String, Object> details = endpoint(endpoint, opened ? container.getAddresses() : endpoint.addresses());
		details.put("state", state.name());
		details.put("concurrency", container.getConcurrency());
		if (container.getGroup() != null) {
			details.put("group", container.getGroup());
		}
		String problem = null;
		if (state == ZmqListenerContainer.State.FAILED) {
			Throwable failure = container.getFailure();
			problem = "listener '" + container.getId() + "' failed: " + ((failure != null) ? failure : "unknown error");
		}
		else if (started) {
			problem = peers(details, "listener '" + container.getId() + "'", endpoint, container.getActivity());
		}
		EndpointStatistics statistics = container.getStatistics();
		details.put("received", statistics.getReceived());
		details.put("receivedBytes", statistics.getReceivedBytes());
		details.put("errors", statistics.getErrors());
		putIfPresent(details, "lastError", statistics.getLastError());
		return status(details, problem, problems);
	}

	private Map<String, Object> describe(EndpointSender sender, List<String> problems) {
		ZmqEndpoint endpoint = sender.getEndpoint();
		Map<String, Object> details = endpoint(endpoint, sender.getAddresses());
		String problem = null;
		if (sender.isRunning()) {
			details.put("state", "RUNNING");
			problem = peers(details, "sender '" + endpoint.name() + "'", endpoint, sender.getActivity());
		}
		else if (this.senders.isRunning()) {
			details.put("state", "FAILED");
			problem = "sender '" + endpoint.name() + "' stopped on an unexpected error: "
					+ sender.getStatistics().getLastError();
		}
		else {
			details.put("state", "STOPPED");
		}
		EndpointStatistics statistics = sender.getStatistics();
		details.put("sent", statistics.getSent());
		details.put("sentBytes", statistics.getSentBytes());
		if (endpoint.type().expectsReply()) {
			details.put("received", statistics.getReceived());
			details.put("timeouts", statistics.getTimeouts());
			details.put("lateReplies", statistics.getLateReplies());
		}
		else {
			details.put("dropped", statistics.getDropped());
		}
		if (endpoint.socketPerThread()) {
			// One endpoint, whatever number of sockets its sending threads opened; the
			// counts above include theirs.
			details.put("threadSockets", sender.getThreadSockets());
		}
		details.put("sendFailures", statistics.getSendFailures());
		details.put("errors", statistics.getErrors());
		putIfPresent(details, "lastError", statistics.getLastError());
		return status(details, problem, problems);
	}

	private Map<String, Object> describeOpenFailure(String name, RuntimeException failure, List<String> problems) {
		Map<String, Object> details;
		try {
			ZmqEndpoint endpoint = this.senders.endpoint(name);
			details = endpoint(endpoint, endpoint.addresses());
		}
		catch (IllegalArgumentException ex) {
			details = new LinkedHashMap<>();
		}
		details.put("state", "FAILED");
		details.put("lastError", String.valueOf(failure.getMessage()));
		return status(details, "sender '" + name + "' could not open its socket: " + failure.getMessage(), problems);
	}

	private Map<String, Object> describe(ZmqProxy proxy, List<String> problems) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("type", proxy.getType().name());
		String problem = null;
		if (proxy.isRunning()) {
			details.put("state", "RUNNING");
		}
		else if (this.proxies.isRunning()) {
			details.put("state", "FAILED");
			problem = "proxy '" + proxy.getName() + "' stopped on its own: " + proxy.getStatistics().getLastError();
		}
		else {
			details.put("state", "STOPPED");
		}
		details.put("frontend", side(proxy.getFrontend(), proxy.getFrontendAddresses(), proxy.getFrontendActivity()));
		details.put("backend", side(proxy.getBackend(), proxy.getBackendAddresses(), proxy.getBackendActivity()));
		EndpointStatistics statistics = proxy.getStatistics();
		details.put("received", statistics.getReceived());
		details.put("sent", statistics.getSent());
		details.put("errors", statistics.getErrors());
		putIfPresent(details, "lastError", statistics.getLastError());
		return status(details, problem, problems);
	}

	private Map<String, Object> side(ZmqEndpoint endpoint, List<String> addresses, SocketActivity activity) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("type", endpoint.type().name());
		details.put(endpoint.bind() ? "bind" : "connect", addresses.isEmpty() ? endpoint.addresses() : addresses);
		if (activity.isTracked()) {
			details.put("peers", activity.getConnectedPeers());
			putRejections(details, endpoint);
			putPeerWait(details, activity);
		}
		return details;
	}

	/**
	 * For a binding socket: how many connections it dropped because the peer broke the
	 * protocol.
	 */
	private void putRejections(Map<String, Object> details, ZmqEndpoint endpoint) {
		if (this.rejections != null && endpoint.bind()) {
			details.put("rejectedConnections", this.rejections.getRejected(endpoint.name()));
		}
	}

	private static Map<String, Object> endpoint(ZmqEndpoint endpoint, List<String> addresses) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("endpoint", endpoint.name());
		details.put("type", endpoint.type().name());
		details.put(endpoint.bind() ? "bind" : "connect", addresses.isEmpty() ? endpoint.addresses() : addresses);
		return details;
	}

	/**
	 * Adds the peer figures; returns the problem when fewer peers are connected than the
	 * endpoint requires.
	 */
	private @Nullable String peers(Map<String, Object> details, String what, ZmqEndpoint endpoint,
			SocketActivity activity) {
		int required = this.minPeers.getOrDefault(endpoint.name(), 0);
		if (!activity.isTracked()) {
			return null;
		}
		int peers = activity.getConnectedPeers();
		details.put("peers", peers);
		if (required > 0) {
			details.put("minPeers", required);
		}
		putRejections(details, endpoint);
		putIfPresent(details, "lastConnectionError", activity.getLastError());
		putPeerWait(details, activity);
		if (peers < required) {
			return what + " has " + peers + " of the " + required + " peers that zmq.endpoints." + endpoint.name()
					+ ".min-peers requires";
		}
		return null;
	}

	/**
	 * For a connecting socket without a peer: since when it waits, and the warning once
	 * it has waited too long.
	 */
	private static void putPeerWait(Map<String, Object> details, SocketActivity activity) {
		Instant since = activity.getWaitingForPeerSince();
		if (since != null) {
			details.put("waitingForPeerSince", since.toString());
		}
		putIfPresent(details, "warning", activity.getPeerWarning());
	}

	private static Map<String, Object> status(Map<String, Object> details, @Nullable String problem,
			List<String> problems) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("status", (problem != null) ? "DOWN" : "UP");
		if (problem != null) {
			result.put("problem", problem);
			problems.add(problem);
		}
		result.putAll(details);
		return result;
	}

	private static void putIfPresent(Map<String, Object> details, String key, @Nullable Object value) {
		if (value != null) {
			details.put(key, value);
		}
	}

	/**
	 * Everything at one moment.
	 *
	 * @param listeners details by listener id
	 * @param senders details by endpoint name
	 * @param proxies details by device name
	 * @param problems what makes health DOWN; empty when all is well
	 * @param warnings what needs a look but does not make health DOWN: connecting sockets
	 * that have had no peer for their {@code peer-wait-warning}
	 */
	public record Report(Map<String, Map<String, Object>> listeners, Map<String, Map<String, Object>> senders,
			Map<String, Map<String, Object>> proxies, List<String> problems, List<String> warnings) {

		/** Whether nothing is wrong. */
		public boolean healthy() {
			return this.problems.isEmpty();
		}

	}

}
