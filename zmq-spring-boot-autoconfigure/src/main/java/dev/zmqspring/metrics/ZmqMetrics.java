package dev.zmqspring.metrics;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.IoThreadFailures;
import dev.zmqspring.core.EndpointSender;
import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.event.ZmqEvent;
import dev.zmqspring.event.ZmqListenerContainerStartedEvent;
import dev.zmqspring.event.ZmqSocketConnectedEvent;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyRegistry;
import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.reliable.ReliableStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Micrometer meters for every listener container, sender and device, and for
 * at-least-once delivery when it is used.
 * <p>
 * The counters read the live {@link EndpointStatistics} and {@link ReliableStatistics}
 * when the registry is scraped ({@link FunctionCounter}, {@link Gauge}), so counting
 * costs the messaging threads nothing more. Only the listener processing time
 * ({@code zmq.listener.process}) is recorded per message, through a
 * {@link dev.zmqspring.listener.ZmqListenerObserver}.
 * <p>
 * Common tags: {@code component} ({@code listener}, {@code sender}, {@code proxy}),
 * {@code name} (listener id, endpoint name or device name), {@code endpoint} and
 * {@code type} (the socket type, or the device type). Listeners registered, senders
 * opened and devices started later get their meters when they start.
 */
class ZmqMetrics implements MeterBinder, SmartLifecycle, ApplicationListener<ZmqEvent> {

	/**
	 * After the listeners have started, so that everything opened at startup is there.
	 */
	public static final int PHASE = ZmqListenerEndpointRegistry.PHASE + 100;

	private final ZmqListenerEndpointRegistry listeners;

	private final @Nullable ZmqSenderRegistry senders;

	private final @Nullable ZmqProxyRegistry proxies;

	private final @Nullable ReliableDeliveryRegistry reliable;

	private final @Nullable ConnectionRejections rejections;

	private final @Nullable IoThreadFailures ioThreadFailures;

	private volatile @Nullable DurableTopics topics;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Map<MeterRegistry, Set<Object>> bound = new IdentityHashMap<>();

	private final Map<ZmqListenerContainer, List<Timer[]>> timers = new IdentityHashMap<>();

	private volatile boolean running;

	/**
	 * Creates the binder.
	 * @param listeners the listener containers
	 * @param senders the senders, or {@code null}
	 * @param proxies the devices, or {@code null}
	 * @param reliable at-least-once delivery, or {@code null}
	 */
	public ZmqMetrics(ZmqListenerEndpointRegistry listeners, @Nullable ZmqSenderRegistry senders,
			@Nullable ZmqProxyRegistry proxies, @Nullable ReliableDeliveryRegistry reliable) {
		this(listeners, senders, proxies, reliable, null);
	}

	/**
	 * Creates the binder.
	 * @param listeners the listener containers
	 * @param senders the senders, or {@code null}
	 * @param proxies the devices, or {@code null}
	 * @param reliable at-least-once delivery, or {@code null}
	 * @param rejections connections dropped because the peer broke the protocol, or
	 * {@code null}
	 */
	public ZmqMetrics(ZmqListenerEndpointRegistry listeners, @Nullable ZmqSenderRegistry senders,
			@Nullable ZmqProxyRegistry proxies, @Nullable ReliableDeliveryRegistry reliable,
			@Nullable ConnectionRejections rejections) {
		this(listeners, senders, proxies, reliable, rejections, null);
	}

	/**
	 * Creates the binder.
	 * @param listeners the listener containers
	 * @param senders the senders, or {@code null}
	 * @param proxies the devices, or {@code null}
	 * @param reliable at-least-once delivery, or {@code null}
	 * @param rejections connections dropped because the peer broke the protocol, or
	 * {@code null}
	 * @param ioThreadFailures what went wrong on JeroMQ's own threads, or {@code null}
	 */
	ZmqMetrics(ZmqListenerEndpointRegistry listeners, @Nullable ZmqSenderRegistry senders,
			@Nullable ZmqProxyRegistry proxies, @Nullable ReliableDeliveryRegistry reliable,
			@Nullable ConnectionRejections rejections, @Nullable IoThreadFailures ioThreadFailures) {
		this.listeners = listeners;
		this.senders = senders;
		this.proxies = proxies;
		this.reliable = reliable;
		this.rejections = rejections;
		this.ioThreadFailures = ioThreadFailures;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		if (this.ioThreadFailures != null) {
			FunctionCounter.builder("zmq.io.thread.failures", this.ioThreadFailures, IoThreadFailures::getDeaths)
				.description("Failures on JeroMQ's own threads: a thread that died (died), an error a thread"
						+ " recovered from by reopening an endpoint (recovered), an exception a thread caught and"
						+ " survived (caught)")
				.tags("kind", "died")
				.register(registry);
			FunctionCounter.builder("zmq.io.thread.failures", this.ioThreadFailures, IoThreadFailures::getCaught)
				.description("Failures on JeroMQ's own threads: a thread that died (died), an error a thread"
						+ " recovered from by reopening an endpoint (recovered), an exception a thread caught and"
						+ " survived (caught)")
				.tags("kind", "caught")
				.register(registry);
			FunctionCounter.builder("zmq.io.thread.failures", this.ioThreadFailures, IoThreadFailures::getRecoveries)
				.description("Failures on JeroMQ's own threads: a thread that died (died), an error a thread"
						+ " recovered from by reopening an endpoint (recovered), an exception a thread caught and"
						+ " survived (caught)")
				.tags("kind", "recovered")
				.register(registry);
		}
		refresh();
	}

	/**
	 * Registers meters for whatever listener, sender, device or reliable endpoint does
	 * not have them yet.
	 */
	public synchronized void refresh() {
		for (MeterRegistry registry : this.registries) {
			Set<Object> done = this.bound.computeIfAbsent(registry,
					key -> Collections.newSetFromMap(new IdentityHashMap<>()));
			for (ZmqListenerContainer container : this.listeners.getListenerContainers()) {
				if (done.add(container)) {
					bindListener(registry, container);
				}
			}
			if (this.senders != null) {
				for (EndpointSender sender : this.senders.getSenders()) {
					if (done.add(sender.getStatistics())) {
						bindSender(registry, sender);
					}
				}
			}
			if (this.proxies != null) {
				for (ZmqProxy proxy : this.proxies.getProxies()) {
					if (done.add(proxy)) {
						bindProxy(registry, proxy);
					}
				}
			}
			if (this.reliable != null) {
				bindReliable(registry, done);
			}
			DurableTopics durable = this.topics;
			if (durable != null) {
				DurableTopicMeters.bind(registry, durable, done);
			}
		}
	}

	/**
	 * Sets the durable topics published here, whose subscription groups get meters as
	 * they join.
	 */
	public void setDurableTopics(@Nullable DurableTopics topics) {
		this.topics = topics;
		if (topics != null) {
			topics.onGroupsChanged(this::refresh);
		}
	}

	private void bindListener(MeterRegistry registry, ZmqListenerContainer container) {
		ZmqEndpoint endpoint = container.getEndpoint();
		Tags tags = Tags.of("component", "listener", "name", container.getId(), "endpoint", endpoint.name(), "type",
				endpoint.type().name());
		EndpointStatistics statistics = container.getStatistics();
		counter(registry, "zmq.messages.received", "Messages received", tags, statistics,
				EndpointStatistics::getReceived);
		bytes(registry, "zmq.received.bytes", "Bytes of the messages received, all frames", tags, statistics,
				EndpointStatistics::getReceivedBytes);
		counter(registry, "zmq.errors", "Messages or replies that failed", tags, statistics,
				EndpointStatistics::getErrors);
		Gauge.builder("zmq.peers", container, c -> c.getActivity().getConnectedPeers())
			.description("Peers connected over TCP or IPC")
			.tags(tags)
			.register(registry);
		rejections(registry, endpoint, tags);
		Timer success = Timer.builder("zmq.listener.process")
			.description("Time to decode a message, run the listener method and build the reply")
			.tags(tags)
			.tag("outcome", "success")
			.register(registry);
		Timer failure = Timer.builder("zmq.listener.process")
			.description("Time to decode a message, run the listener method and build the reply")
			.tags(tags)
			.tag("outcome", "error")
			.register(registry);
		List<Timer[]> pairs = this.timers.computeIfAbsent(container, key -> new CopyOnWriteArrayList<>());
		pairs.add(new Timer[] { success, failure });
		container.setListenerObserver((nanos, failed) -> {
			for (Timer[] pair : pairs) {
				pair[failed ? 1 : 0].record(nanos, TimeUnit.NANOSECONDS);
			}
		});
	}

	private void bindSender(MeterRegistry registry, EndpointSender sender) {
		ZmqEndpoint endpoint = sender.getEndpoint();
		Tags tags = Tags.of("component", "sender", "name", endpoint.name(), "endpoint", endpoint.name(), "type",
				endpoint.type().name());
		EndpointStatistics statistics = sender.getStatistics();
		String sentDescription = "Messages sent (success), dropped by a PUB socket at the high-water mark (dropped),"
				+ " or refused to the caller after the send timeout (failed)";
		counter(registry, "zmq.messages.sent", sentDescription, tags.and("outcome", "success"), statistics,
				EndpointStatistics::getSent);
		counter(registry, "zmq.messages.sent", sentDescription, tags.and("outcome", "dropped"), statistics,
				EndpointStatistics::getDropped);
		counter(registry, "zmq.messages.sent", sentDescription, tags.and("outcome", "failed"), statistics,
				EndpointStatistics::getSendFailures);
		bytes(registry, "zmq.sent.bytes", "Bytes of the messages sent, all frames", tags, statistics,
				EndpointStatistics::getSentBytes);
		counter(registry, "zmq.errors", "Messages or replies that failed", tags, statistics,
				EndpointStatistics::getErrors);
		if (endpoint.type().expectsReply()) {
			counter(registry, "zmq.messages.received", "Replies received", tags, statistics,
					EndpointStatistics::getReceived);
			counter(registry, "zmq.request.timeouts", "Requests that got no reply in time", tags, statistics,
					EndpointStatistics::getTimeouts);
			counter(registry, "zmq.request.late.replies", "Replies that came after their request timed out", tags,
					statistics, EndpointStatistics::getLateReplies);
		}
		Gauge.builder("zmq.peers", sender, s -> s.getActivity().getConnectedPeers())
			.description("Peers connected over TCP or IPC")
			.tags(tags)
			.register(registry);
		if (endpoint.socketPerThread()) {
			Gauge.builder("zmq.sender.thread.sockets", sender, EndpointSender::getThreadSockets)
				.description("Sockets that calling threads have of their own (socket-per-thread)")
				.tags(tags)
				.register(registry);
		}
		rejections(registry, endpoint, tags);
	}

	/**
	 * For a binding endpoint: connections dropped because the peer broke the protocol,
	 * one counter per reason.
	 */
	private void rejections(MeterRegistry registry, ZmqEndpoint endpoint, Tags tags) {
		if (this.rejections == null || !endpoint.bind()) {
			return;
		}
		for (ConnectionRejections.Reason reason : ConnectionRejections.Reason.values()) {
			FunctionCounter
				.builder("zmq.connections.rejected", this.rejections, r -> r.getRejected(endpoint.name(), reason))
				.description("Connections dropped because the peer broke the protocol: no ZMTP greeting (greeting),"
						+ " no complete handshake in time (handshake-timeout), a failed handshake (protocol), refused"
						+ " by the authenticator (authentication), a frame over the size limit (oversize), over the"
						+ " endpoint's max-connections (connection-limit) or max-handshaking-connections"
						+ " (handshake-limit)")
				.tags(tags.and("reason", reason.tag()))
				.register(registry);
		}
	}

	private void bindProxy(MeterRegistry registry, ZmqProxy proxy) {
		Tags tags = Tags.of("component", "proxy", "name", proxy.getName(), "endpoint", proxy.getName(), "type",
				proxy.getType().name());
		EndpointStatistics statistics = proxy.getStatistics();
		counter(registry, "zmq.messages.received", "Messages received on either side", tags, statistics,
				EndpointStatistics::getReceived);
		counter(registry, "zmq.messages.sent", "Messages forwarded (success) or lost at shutdown (failed)",
				tags.and("outcome", "success"), statistics, EndpointStatistics::getSent);
		counter(registry, "zmq.messages.sent", "Messages forwarded (success) or lost at shutdown (failed)",
				tags.and("outcome", "failed"), statistics, EndpointStatistics::getSendFailures);
		counter(registry, "zmq.errors", "Errors of the device", tags, statistics, EndpointStatistics::getErrors);
		Gauge.builder("zmq.peers", proxy, p -> p.getFrontendActivity().getConnectedPeers())
			.description("Peers connected over TCP or IPC")
			.tags(Tags.of("component", "proxy", "name", proxy.getName(), "endpoint", proxy.getFrontend().name(), "type",
					proxy.getFrontend().type().name()))
			.register(registry);
		Gauge.builder("zmq.peers", proxy, p -> p.getBackendActivity().getConnectedPeers())
			.description("Peers connected over TCP or IPC")
			.tags(Tags.of("component", "proxy", "name", proxy.getName(), "endpoint", proxy.getBackend().name(), "type",
					proxy.getBackend().type().name()))
			.register(registry);
	}

	private void bindReliable(MeterRegistry registry, Set<Object> done) {
		ReliableDeliveryRegistry delivery = this.reliable;
		for (Map.Entry<String, ReliableStatistics> entry : delivery.getStatistics().entrySet()) {
			String name = entry.getKey();
			ReliableStatistics statistics = entry.getValue();
			if (!done.add(statistics)) {
				continue;
			}
			if (delivery.getEndpoints().contains(name)) {
				Tags tags = Tags.of("component", "sender", "name", name);
				Gauge.builder("zmq.outbox.depth", delivery, r -> depth(r, name))
					.description("Messages in the outbox, not yet acknowledged")
					.tags(tags)
					.register(registry);
				Gauge.builder("zmq.outbox.in.flight", delivery, r -> r.inFlight(name))
					.description("Outbox messages on the wire, waiting for their acknowledgement")
					.tags(tags)
					.register(registry);
				Gauge.builder("zmq.outbox.window", delivery, r -> r.window(name))
					.description("Outbox messages that may be on the wire unacknowledged at once now")
					.tags(tags)
					.register(registry);
				reliableCounter(registry, "zmq.reliable.sends", "Outbox messages sent, first sends and re-sends", tags,
						statistics, ReliableStatistics::getSends);
				reliableCounter(registry, "zmq.reliable.redeliveries",
						"Outbox messages sent again because no acknowledgement came", tags, statistics,
						ReliableStatistics::getRedeliveries);
				reliableCounter(registry, "zmq.reliable.acknowledgements", "Acknowledgements received or sent", tags,
						statistics, ReliableStatistics::getAcknowledgements);
				reliableCounter(registry, "zmq.reliable.unacknowledged",
						"Sends that ended without acknowledgement, to be retried", tags, statistics,
						ReliableStatistics::getUnacknowledged);
			}
			else {
				Tags tags = Tags.of("component", "listener", "name", name);
				reliableCounter(registry, "zmq.reliable.acknowledgements", "Acknowledgements received or sent", tags,
						statistics, ReliableStatistics::getAcknowledgements);
				reliableCounter(registry, "zmq.reliable.duplicates",
						"Redelivered messages recognised and not processed again", tags, statistics,
						ReliableStatistics::getDuplicates);
				reliableCounter(registry, "zmq.reliable.dead.letters", "Messages moved to the dead-letter store", tags,
						statistics, ReliableStatistics::getDeadLettered);
			}
		}
	}

	private static double depth(ReliableDeliveryRegistry registry, String endpoint) {
		try {
			return registry.outboxDepth(endpoint);
		}
		catch (RuntimeException ex) {
			// The store (a database) is unreachable: no figure rather than a wrong one.
			return Double.NaN;
		}
	}

	private static void counter(MeterRegistry registry, String name, String description, Tags tags,
			EndpointStatistics statistics, ToDoubleFunction<EndpointStatistics> value) {
		FunctionCounter.builder(name, statistics, value).description(description).tags(tags).register(registry);
	}

	private static void bytes(MeterRegistry registry, String name, String description, Tags tags,
			EndpointStatistics statistics, ToDoubleFunction<EndpointStatistics> value) {
		FunctionCounter.builder(name, statistics, value)
			.description(description)
			.baseUnit(BaseUnits.BYTES)
			.tags(tags)
			.register(registry);
	}

	private static void reliableCounter(MeterRegistry registry, String name, String description, Tags tags,
			ReliableStatistics statistics, ToDoubleFunction<ReliableStatistics> value) {
		FunctionCounter.builder(name, statistics, value).description(description).tags(tags).register(registry);
	}

	/**
	 * Listeners started later, and senders opened on first use, get their meters here.
	 */
	@Override
	public void onApplicationEvent(ZmqEvent event) {
		if (event instanceof ZmqListenerContainerStartedEvent || event instanceof ZmqSocketConnectedEvent) {
			refresh();
		}
	}

	@Override
	public void start() {
		this.running = true;
		refresh();
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
