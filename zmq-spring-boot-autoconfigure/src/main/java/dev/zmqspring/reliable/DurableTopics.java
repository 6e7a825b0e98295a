package dev.zmqspring.reliable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.zmqspring.core.CheckedThreadFactory;
import dev.zmqspring.core.DefaultZmqThreadFactory;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSendException;
import dev.zmqspring.core.ZmqThreadFactory;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.support.HeadersFrameCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * The publishing side of durable topics: stores each published message with one entry per
 * subscription group that takes its topic (in the caller's transaction), and serves the
 * groups' fetches through one {@link TopicFetchServer} per endpoint.
 */
public class DurableTopics implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DurableTopics.class);

	private static final HeadersFrameCodec HEADERS = new HeadersFrameCodec();

	/** The last publish order given out in this JVM. */
	private static final AtomicLong lastSeq = new AtomicLong();

	private final TopicStore store;

	private final ReliableSettings settings;

	private final Map<String, DurableTopicSettings> topics;

	private final Map<String, TopicFetchServer> servers = new ConcurrentHashMap<>();

	private volatile ZmqThreadFactory threads = DefaultZmqThreadFactory.platformThreads();

	/** The groups of each endpoint, as last read from the store. */
	private final Map<String, List<TopicGroup>> groups = new ConcurrentHashMap<>();

	private final Map<List<String>, GroupStatistics> statistics = new ConcurrentHashMap<>();

	private volatile boolean running;

	private final List<Runnable> groupListeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates the durable topics of an application.
	 * @param store where messages are kept for the groups
	 * @param settings the acknowledgement timeout (a fetched message's lease), back-off
	 * and poll interval
	 * @param topics the durable topics' settings
	 */
	public DurableTopics(TopicStore store, ReliableSettings settings, List<DurableTopicSettings> topics) {
		this.store = store;
		this.settings = settings;
		Map<String, DurableTopicSettings> byEndpoint = new LinkedHashMap<>();
		topics.forEach((topic) -> byEndpoint.put(topic.endpoint(), topic));
		this.topics = Map.copyOf(byEndpoint);
	}

	/**
	 * Sets what creates the topics' server threads, which own no socket (the listener of
	 * the topic's ROUTER socket hands them the fetches:
	 * {@linkplain ZmqThreadFactory#newWorkerThread worker threads}); platform threads by
	 * default. Set before the topics start.
	 * @param threadFactory the thread factory
	 */
	public void setThreadFactory(ZmqThreadFactory threadFactory) {
		this.threads = CheckedThreadFactory.of(threadFactory);
	}

	ZmqThreadFactory threads() {
		return this.threads;
	}

	/**
	 * Stores a message for every group that takes its topic, in the caller's transaction
	 * when there is one; the groups' members get it with their next fetch once it is
	 * committed.
	 * @return the message id every group's listener sees
	 */
	public String publish(ZmqEndpoint endpoint, String topic, @Nullable Map<String, String> headers, byte[] payload) {
		DurableTopicSettings topicSettings = settings(endpoint.name());
		long limit = endpoint.settings().maxMessageSize();
		if (payload.length > limit) {
			throw new ZmqSendException("Endpoint '" + endpoint.name() + "': a payload of " + payload.length
					+ " bytes is over the maximum message size of " + limit + " bytes; raise "
					+ endpoint.settingName("socket.max-message-size") + " on both publisher and subscribers");
		}
		ZmqEndpoint.checkTopics(List.of(topic), "Endpoint '" + endpoint.name() + "'");
		String id = UUID.randomUUID().toString();
		Map<String, String> stored = (headers != null) ? headers : Map.of();
		checkHeaders(stored, id);
		long now = System.currentTimeMillis();
		long seq = lastSeq.accumulateAndGet(now * 1000, (last, candidate) -> Math.max(last + 1, candidate));
		List<String> takers = new ArrayList<>();
		for (TopicGroup group : groups(topicSettings.endpoint())) {
			if (group.takes(topic)) {
				takers.add(group.name());
			}
		}
		this.store.publish(new TopicMessage(id, endpoint.name(), topic, stored, payload, seq, now), takers);
		TopicFetchServer server = this.servers.get(endpoint.name());
		if (server != null) {
			AfterCommit.run(() -> server.committed(seq));
		}
		return id;
	}

	/**
	 * Refuses headers that could never be sent, before they are stored: each delivery
	 * adds the message id and the attempt to them.
	 */
	private static void checkHeaders(Map<String, String> headers, String id) {
		Map<String, String> sent = new HashMap<>(headers);
		for (String name : new String[] { ReliableHeaders.MESSAGE_ID, ReliableHeaders.ATTEMPT }) {
			if (sent.containsKey(name)) {
				throw new IllegalArgumentException(
						"Header '" + name + "' is set by durable topics themselves; rename it");
			}
		}
		sent.put(ReliableHeaders.MESSAGE_ID, id);
		sent.put(ReliableHeaders.ATTEMPT, Integer.toString(Integer.MAX_VALUE));
		HEADERS.encode(sent);
	}

	/**
	 * The fetch server of a durable endpoint, the listener of its ROUTER socket.
	 * @param endpoint the endpoint name
	 */
	public TopicFetchServer server(String endpoint) {
		DurableTopicSettings topicSettings = settings(endpoint);
		return this.servers.computeIfAbsent(endpoint, (name) -> {
			TopicFetchServer server = new TopicFetchServer(topicSettings, this.store, this.settings, this);
			if (this.running) {
				server.start();
			}
			return server;
		});
	}

	/**
	 * What keeps an endpoint's fetch server from serving, or {@code null} when it serves:
	 * its thread ended, or its store failed on its last try.
	 */
	public @Nullable String problem(String endpoint) {
		TopicFetchServer server = this.servers.get(endpoint);
		if (server == null || !this.running) {
			return null;
		}
		if (!server.isRunning()) {
			return "the fetch server of durable topic '" + endpoint + "' stopped: " + server.getLastError();
		}
		String error = server.getLastError();
		return (error != null) ? "durable topic '" + endpoint + "' cannot reach its store: " + error : null;
	}

	/** The durable endpoints' names. */
	public List<String> endpoints() {
		return List.copyOf(this.topics.keySet());
	}

	/**
	 * The groups of an endpoint, with the groups declared on the publisher added on first
	 * use.
	 */
	List<TopicGroup> groups(String endpoint) {
		List<TopicGroup> known = this.groups.get(endpoint);
		return (known != null) ? known : refreshGroups(endpoint);
	}

	/** Reads an endpoint's groups again (others may have joined on another instance). */
	synchronized List<TopicGroup> refreshGroups(String endpoint) {
		List<TopicGroup> read = this.store.groups(endpoint);
		List<String> missing = new ArrayList<>(settings(endpoint).groups());
		read.forEach((group) -> missing.remove(group.name()));
		if (!missing.isEmpty()) {
			long now = System.currentTimeMillis();
			for (String declared : missing) {
				// In a transaction of its own: this may run in a publisher's.
				if (this.store.addGroup(endpoint, new TopicGroup(declared, List.of(), now), now)) {
					logger.info("Durable topic '" + endpoint + "' keeps messages for group '" + declared
							+ "', declared on the publisher, from now on");
				}
			}
			read = this.store.groups(endpoint);
		}
		List<TopicGroup> before = this.groups.put(endpoint, List.copyOf(read));
		if (before == null || !names(before).equals(names(read))) {
			for (Runnable listener : this.groupListeners) {
				try {
					listener.run();
				}
				catch (RuntimeException ex) {
					logger.debug("A listener of the groups of durable topic '" + endpoint + "' failed", ex);
				}
			}
		}
		return read;
	}

	private static List<String> names(List<TopicGroup> groups) {
		return groups.stream().map(TopicGroup::name).toList();
	}

	/** Runs an action whenever a group joins (metrics register its meters). */
	public void onGroupsChanged(Runnable action) {
		this.groupListeners.add(action);
	}

	/**
	 * The names of an endpoint's groups, as last read (without reading the store again).
	 */
	public List<String> groupNames(String endpoint) {
		List<TopicGroup> known = this.groups.get(endpoint);
		return (known != null) ? names(known) : List.of();
	}

	/** What a group has still to acknowledge, read from the store. */
	public GroupBacklog backlog(String endpoint, String group) {
		return this.store.backlog(endpoint, group, System.currentTimeMillis());
	}

	/** The counters of a group. */
	public GroupStatistics statistics(String endpoint, String group) {
		return this.statistics.computeIfAbsent(List.of(endpoint, group), (key) -> new GroupStatistics());
	}

	/**
	 * The groups of an endpoint with what each has still to acknowledge and its counters.
	 * @param endpoint the endpoint name
	 * @return the groups, oldest first
	 */
	public List<GroupStatus> status(String endpoint) {
		long now = System.currentTimeMillis();
		List<GroupStatus> status = new ArrayList<>();
		// Read, not cached: only the fetch server's thread and publishers keep the cache.
		for (TopicGroup group : this.store.groups(endpoint)) {
			GroupBacklog backlog = this.store.backlog(endpoint, group.name(), now);
			status.add(new GroupStatus(
					group, backlog, (backlog.oldestCreatedAt() > 0)
							? Duration.ofMillis(Math.max(0, now - backlog.oldestCreatedAt())) : Duration.ZERO,
					statistics(endpoint, group.name())));
		}
		return status;
	}

	/**
	 * Moves a group's position: to the latest message (what is pending is skipped) or to
	 * the earliest retained one (every retained message of its topics is delivered
	 * again). Logged as a warning, with who asked.
	 * @param endpoint the endpoint name
	 * @param group the group
	 * @param toEarliest where to
	 * @param requestedBy who asked, for the log
	 * @return how many messages are pending for the group afterwards
	 * @throws IllegalArgumentException when the endpoint or the group is unknown
	 */
	public long reset(String endpoint, String group, boolean toEarliest, String requestedBy) {
		settings(endpoint);
		if (this.store.groups(endpoint).stream().noneMatch((known) -> known.name().equals(group))) {
			throw new IllegalArgumentException("Durable topic '" + endpoint + "' has no group '" + group + "'");
		}
		long before = this.store.backlog(endpoint, group, System.currentTimeMillis()).pending();
		long after = this.store.reset(endpoint, group, toEarliest);
		logger.warn("Group '" + group + "' of durable topic '" + endpoint + "' was reset to the "
				+ (toEarliest ? "earliest retained" : "latest") + " message by " + requestedBy + ": " + before
				+ " messages were pending, " + after + " are now");
		TopicFetchServer server = this.servers.get(endpoint);
		if (server != null) {
			AfterCommit.run(server::rewind);
		}
		return after;
	}

	/**
	 * Forgets a group: what it had still to acknowledge is dropped, and no message is
	 * kept for it any more until one of its members fetches again (a group declared on
	 * the publisher comes back at the next start). Logged as a warning, with who asked.
	 * @return whether the group existed
	 * @throws IllegalArgumentException when the endpoint is not a durable topic
	 */
	public boolean removeGroup(String endpoint, String group, String requestedBy) {
		settings(endpoint);
		long pending = this.store.backlog(endpoint, group, System.currentTimeMillis()).pending();
		boolean removed = this.store.removeGroup(endpoint, group);
		if (removed) {
			logger.warn("Group '" + group + "' of durable topic '" + endpoint + "' was removed by " + requestedBy
					+ ", with the " + pending + " messages it had not acknowledged");
			refreshGroups(endpoint);
			TopicFetchServer server = this.servers.get(endpoint);
			if (server != null) {
				AfterCommit.run(server::rewind);
			}
		}
		return removed;
	}

	private DurableTopicSettings settings(String endpoint) {
		DurableTopicSettings found = this.topics.get(endpoint);
		if (found == null) {
			throw new IllegalArgumentException("Endpoint '" + endpoint + "' is not a durable topic; set type pub and"
					+ " delivery at-least-once on zmq.endpoints." + endpoint);
		}
		return found;
	}

	@Override
	public void start() {
		this.running = true;
		this.servers.values().forEach(TopicFetchServer::start);
	}

	@Override
	public void stop() {
		this.running = false;
		this.servers.values().forEach((server) -> server.stop(this.settings.ackTimeout().toMillis()));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts after the listener containers, among them the fetch servers' ROUTER sockets,
	 * and stops before them: a stopping server answers the fetches it holds at once, and
	 * its socket is still there to send the answers.
	 */
	@Override
	public int getPhase() {
		return ZmqListenerEndpointRegistry.PHASE + 100;
	}

	/**
	 * One group of a durable topic as the publisher sees it.
	 *
	 * @param group the group
	 * @param backlog what it has still to acknowledge
	 * @param lagAge how long ago the oldest of that was published
	 * @param statistics its counters
	 */
	public record GroupStatus(TopicGroup group, GroupBacklog backlog, Duration lagAge, GroupStatistics statistics) {
	}

}
