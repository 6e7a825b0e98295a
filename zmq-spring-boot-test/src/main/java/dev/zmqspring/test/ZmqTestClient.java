package dev.zmqspring.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.zeromq.ZContext;

/**
 * Plays the other side of the application's endpoints in a test: a peer of a PUSH
 * endpoint pulls what the application sends, a peer of a REP listener makes requests, a
 * peer of a PUB endpoint subscribes, a peer of a REQ endpoint answers, and so on. Peers
 * speak the starter's wire format (topics, the headers frame, routing envelopes, error
 * replies, and the acknowledgements of point-to-point at-least-once delivery) and use the
 * application's own {@code ZContext}, so they reach {@code inproc} endpoints, and its own
 * converter, so payloads are the objects the application sends and reads.
 * <p>
 * Thread-safe; each peer belongs to the thread that opened it. Peers still open are
 * closed with the application context.
 */
public final class ZmqTestClient implements DisposableBean {

	/** How long a peer waits for a message or an answer unless told otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final ZContext context;

	private final ZmqEndpointCatalog catalog;

	private final ZmqMessageConverter converter;

	private final @Nullable ZmqSenderRegistry senders;

	private final @Nullable ZmqListenerEndpointRegistry listeners;

	private final List<ZmqTestPeer> peers = new CopyOnWriteArrayList<>();

	private final List<ZmqTestGroupMember> members = new CopyOnWriteArrayList<>();

	private final List<ZmqTestTopicServer> servers = new CopyOnWriteArrayList<>();

	private final @Nullable PreboundPeers prebound;

	/**
	 * @param context the application's context, where the peers' sockets are created
	 * @param catalog the application's endpoints
	 * @param converter the application's converter
	 * @param senders the senders, to find the addresses a sending endpoint bound, or
	 * {@code null}
	 * @param listeners the listeners, to find the addresses a listener bound, or
	 * {@code null}
	 */
	public ZmqTestClient(ZContext context, ZmqEndpointCatalog catalog, ZmqMessageConverter converter,
			@Nullable ZmqSenderRegistry senders, @Nullable ZmqListenerEndpointRegistry listeners) {
		this(context, catalog, converter, senders, listeners, null);
	}

	ZmqTestClient(ZContext context, ZmqEndpointCatalog catalog, ZmqMessageConverter converter,
			@Nullable ZmqSenderRegistry senders, @Nullable ZmqListenerEndpointRegistry listeners,
			@Nullable PreboundPeers prebound) {
		this.prebound = prebound;
		this.context = context;
		this.catalog = catalog;
		this.converter = converter;
		this.senders = senders;
		this.listeners = listeners;
	}

	/**
	 * Opens a peer of a configured endpoint: it connects where the endpoint binds (to the
	 * addresses it actually bound, ports chosen by the system included), and binds where
	 * the endpoint connects.
	 * @param endpoint the name under {@code zmq.endpoints}
	 * @param topics for the peer of a PUB endpoint, the topic prefixes to subscribe to
	 * (none: every message)
	 * @return the peer, open; close it, or leave it to the application context
	 * @throws IllegalArgumentException for an endpoint the client cannot play the other
	 * side of, with the reason
	 */
	public ZmqTestPeer peer(String endpoint, String... topics) {
		ZmqEndpoint configured = this.catalog.get(endpoint, "ZmqTestClient.peer(\"" + endpoint + "\")");
		if (configured.reliable() && configured.type() == ZmqSocketType.PUB) {
			throw new IllegalArgumentException("Endpoint '" + endpoint + "' is a durable topic: its peers are the"
					+ " members of its subscription groups; open one with groupMember(\"" + endpoint
					+ "\", \"<group>\")");
		}
		if (configured.reliable() && configured.type() == ZmqSocketType.SUB) {
			throw new IllegalArgumentException("Endpoint '" + endpoint + "' is a member of a durable topic's group,"
					+ " which fetches from the topic's server: open that server with topicServer(\"" + endpoint
					+ "\")");
		}
		if (topics.length > 0 && configured.type() != ZmqSocketType.PUB) {
			throw new IllegalArgumentException("Endpoint '" + endpoint + "' is " + configured.type()
					+ ": topics are for the peer of a PUB endpoint; open the peer without topics");
		}
		List<String> addresses = configured.bind() ? boundAddresses(configured) : configured.addresses();
		if (!configured.bind()) {
			this.catalog.endpoints()
				.values()
				.stream()
				.filter((other) -> other.bind() && other.addresses().stream().anyMatch(addresses::contains))
				.findFirst()
				.ifPresent((other) -> {
					throw new IllegalArgumentException("Endpoint '" + endpoint + "' connects to " + addresses
							+ ", which the application's own endpoint '" + other.name() + "' binds: the application is"
							+ " its peer. Open a peer of '" + other.name()
							+ "' instead, or test the two ends together");
				});
		}
		PreboundPeers.PeerSocket lent = (this.prebound != null) ? this.prebound.get(endpoint) : null;
		if (lent != null && !lent.lend()) {
			throw new IllegalStateException("The test peer of endpoint '" + endpoint + "' is open already: close it"
					+ " first (its socket stays bound for the application's lifetime, since an inproc connection is"
					+ " never made again)");
		}
		if (lent == null && !configured.bind() && this.prebound != null && this.prebound.isActive()
				&& addresses.stream().allMatch((address) -> address.startsWith("inproc://"))) {
			throw new IllegalStateException("Endpoint '" + endpoint + "' connects to " + addresses + ", and its test"
					+ " peer could not be bound before the application connected (see the warning at startup); a peer"
					+ " bound now would never be connected, since an inproc connection is made once");
		}
		ZmqTestPeer peer = new ZmqTestPeer(this.context, configured, addresses, Arrays.asList(topics), this.converter,
				lent, this.peers::remove);
		this.peers.add(peer);
		return peer;
	}

	/**
	 * Joins a subscription group of one of the application's durable topics (a PUB
	 * endpoint with {@code delivery: at-least-once}).
	 * @param endpoint the name under {@code zmq.endpoints}
	 * @param group the group, one of the endpoint's {@code groups}
	 * @return the member; close it to acknowledge the last message it received
	 * @throws IllegalArgumentException when the endpoint is not a durable topic
	 */
	public ZmqTestGroupMember groupMember(String endpoint, String group) {
		ZmqEndpoint configured = this.catalog.get(endpoint, "ZmqTestClient.groupMember(\"" + endpoint + "\")");
		if (!configured.reliable() || configured.type() != ZmqSocketType.PUB || !configured.bind()) {
			throw new IllegalArgumentException("Endpoint '" + endpoint + "' is not a durable topic (a PUB endpoint with"
					+ " delivery: at-least-once that binds): open its peer with peer(\"" + endpoint + "\")");
		}
		ZmqTestGroupMember member = new ZmqTestGroupMember(this.context, configured, group, boundAddresses(configured),
				this.converter, this.members::remove);
		this.members.add(member);
		return member;
	}

	/**
	 * Opens the server of the durable topic that one of the application's SUB endpoints
	 * with {@code delivery: at-least-once} fetches from: the test plays the publishing
	 * service.
	 * @param endpoint the name under {@code zmq.endpoints}
	 * @return the server
	 * @throws IllegalArgumentException when the endpoint is not such a SUB endpoint, or
	 * no listener of the application takes its messages
	 */
	public ZmqTestTopicServer topicServer(String endpoint) {
		ZmqEndpoint configured = this.catalog.get(endpoint, "ZmqTestClient.topicServer(\"" + endpoint + "\")");
		if (!configured.reliable() || configured.type() != ZmqSocketType.SUB || configured.bind()) {
			throw new IllegalArgumentException("Endpoint '" + endpoint + "' is not a SUB endpoint with delivery:"
					+ " at-least-once that connects to a durable topic: open its peer with peer(\"" + endpoint + "\")");
		}
		Set<String> groups = new TreeSet<>();
		if (this.listeners != null) {
			for (ZmqListenerContainer container : this.listeners.getListenerContainers()) {
				String group = container.getGroup();
				if (container.getEndpoint().name().equals(endpoint) && group != null) {
					groups.add(group);
				}
			}
		}
		if (groups.isEmpty()) {
			throw new IllegalArgumentException("No listener of the application takes the messages of endpoint '"
					+ endpoint + "' (a @ZmqListener with a group): nothing would fetch them");
		}
		PreboundPeers.PeerSocket lent = (this.prebound != null) ? this.prebound.get(endpoint) : null;
		if (lent != null && !lent.lend()) {
			throw new IllegalStateException(
					"The topic server of endpoint '" + endpoint + "' is open already: close it" + " first");
		}
		ZmqTestTopicServer server = new ZmqTestTopicServer(this.context, configured, groups, configured.addresses(),
				this.converter, lent, this.servers::remove);
		this.servers.add(server);
		return server;
	}

	private List<String> boundAddresses(ZmqEndpoint endpoint) {
		if (endpoint.addresses().stream().noneMatch((address) -> address.endsWith(":*") || address.endsWith(":0"))) {
			return endpoint.addresses();
		}
		List<String> bound = new ArrayList<>();
		if (this.listeners != null) {
			for (ZmqListenerContainer container : this.listeners.getListenerContainers()) {
				if (container.getEndpoint().name().equals(endpoint.name())) {
					bound.addAll(container.getAddresses());
				}
			}
		}
		if (bound.isEmpty() && this.senders != null && endpoint.type().canPublish()) {
			bound.addAll(this.senders.sender(endpoint.name()).getAddresses());
		}
		if (bound.isEmpty()) {
			throw new IllegalStateException("Endpoint '" + endpoint.name() + "' binds " + endpoint.addresses()
					+ ", a port the system chooses, and has not bound it yet: open the peer once the application has"
					+ " started");
		}
		return bound;
	}

	/** Closes the peers still open. */
	@Override
	public void destroy() {
		for (ZmqTestPeer peer : this.peers) {
			peer.closeQuietly();
		}
		this.peers.clear();
		for (ZmqTestGroupMember member : this.members) {
			member.closeQuietly();
		}
		this.members.clear();
		for (ZmqTestTopicServer server : this.servers) {
			server.closeQuietly();
		}
		this.servers.clear();
	}

}
