package dev.zmqspring.core;

import java.nio.channels.Channel;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import dev.zmqspring.core.ConnectionRejections.Reason;
import dev.zmqspring.core.DeferredDrops.PeerConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import zmq.Msg;
import zmq.io.Metadata;
import zmq.pipe.Pipe;

/**
 * Bounds what the subscriptions of a PUB or XPUB endpoint's peers take of the heap
 * ({@code subscription-budget}). JeroMQ keeps every distinct subscription in a trie of
 * about one object per byte, for as long as the peer that sent it stays connected: a peer
 * sending distinct topics would fill the heap. Each subscription frame JeroMQ's engine
 * reads whole is mirrored here, per connection, on the I/O thread, at its cost in the
 * trie and here ({@link #topicCost(int)} for a topic no peer held yet,
 * {@link #HOLDER_COST} for each more peer that holds it, {@link #PEER_COST} for each peer
 * that subscribed); a subscription that would take the endpoint over its budget drops the
 * connection that sent it ({@link DeferredDrops}), which takes all its subscriptions
 * away, and is counted as a rejected connection (reason {@code subscription-budget}). A
 * PUB endpoint takes nothing but subscriptions: JeroMQ keeps any other message a peer
 * sends it for ever (a PUB socket is never read), so such a peer is dropped too (reason
 * {@code protocol}). Duplicates and unsubscriptions of topics the peer does not hold cost
 * nothing, as in the trie.
 * <p>
 * JeroMQ adds a subscription to the trie, and takes a gone peer's out, on the socket's
 * own thread, whenever the socket is next used: a peer's subscriptions count here from
 * the moment they are read until the socket has let go of the peer's pipe, so that what
 * the trie holds of peers already dropped, and what waits in their pipes, stays within
 * the budget too.
 * <p>
 * Internal: not for application code.
 */
public final class SubscriptionLimit {

	/**
	 * What JeroMQ's trie takes for a topic no peer held yet, besides its bytes: the node
	 * that holds its subscribers (about 200 bytes), and the table of the node where it
	 * branches off, up to 256 references (about 1 KiB). Measured with JeroMQ 0.6.0 on a
	 * 64-bit JVM with compressed references: at most 775 bytes for 4-byte topics.
	 */
	static final int TOPIC_COST = 1024;

	/**
	 * What JeroMQ's trie takes per byte of a topic no peer held yet: a node and a table
	 * of one reference (56 bytes measured).
	 */
	static final int BYTE_COST = 64;

	/**
	 * What one more peer holding a topic takes: an entry of a hash set in the trie, and
	 * one here.
	 */
	static final int HOLDER_COST = 96;

	/** What a peer that subscribed takes here, besides its topics. */
	static final int PEER_COST = 512;

	/**
	 * Below this many connections and peers, those gone are forgotten only when the
	 * budget is full.
	 */
	private static final int MIN_SWEEP = 64;

	private static final Log logger = LogFactory.getLog(SubscriptionLimit.class);

	private static final RepeatLimitedLog unenforced = new RepeatLimitedLog(logger, Duration.ofHours(1));

	private final String endpoint;

	private final long budget;

	private final boolean onlySubscriptions;

	private final String overBudget;

	private final String notASubscription;

	private final Runnable refused;

	/** The connections that subscribed, by the metadata of their messages. */
	private final Map<Metadata, Connection> connections = new IdentityHashMap<>();

	/**
	 * The peers that subscribed, by the socket's end of their pipe: a connecting socket
	 * keeps a peer's pipe, and its subscriptions, when it connects again.
	 */
	private final Map<Pipe, Peer> peers = new IdentityHashMap<>();

	/** How many peers hold each topic held at all. */
	private final Map<Topic, Holders> holders = new HashMap<>();

	/** At this many connections and peers together, those gone are forgotten. */
	private int sweepAt = MIN_SWEEP;

	/**
	 * The cost of the subscriptions held, by peers live or gone but not yet forgotten.
	 */
	private long used;

	/**
	 * @param endpoint a PUB or XPUB endpoint
	 * @param refused told, on the I/O thread, when a connection is dropped for a
	 * subscription over the budget
	 */
	public SubscriptionLimit(ZmqEndpoint endpoint, Runnable refused) {
		this.endpoint = endpoint.name();
		this.budget = endpoint.settings().subscriptionBudget();
		this.onlySubscriptions = endpoint.type() == ZmqSocketType.PUB;
		this.overBudget = "subscribed to topics beyond the endpoint's subscription-budget of " + this.budget
				+ " bytes (all peers' subscriptions together, as JeroMQ stores them; raise "
				+ endpoint.settingName("socket.subscription-budget") + " if so many topics are expected)";
		this.notASubscription = "sent a PUB endpoint a message that is not a subscription (its first byte is not"
				+ " 0 or 1); a PUB socket takes only subscriptions";
		this.refused = refused;
	}

	/**
	 * The limit in force for an endpoint, or {@code null} when it has none.
	 * @param endpoint the endpoint
	 * @param refused told when a connection is dropped for a subscription over the budget
	 */
	public static @Nullable SubscriptionLimit of(ZmqEndpoint endpoint, Runnable refused) {
		boolean publishes = endpoint.type() == ZmqSocketType.PUB || endpoint.type() == ZmqSocketType.XPUB;
		return (publishes && endpoint.settings().subscriptionBudget() > 0) ? new SubscriptionLimit(endpoint, refused)
				: null;
	}

	/**
	 * What JeroMQ's trie takes at most for a topic of that many bytes that no peer held
	 * yet, the first peer holding it included.
	 * @param length the topic's length in bytes
	 */
	static long topicCost(int length) {
		return TOPIC_COST + (long) BYTE_COST * length + HOLDER_COST;
	}

	/**
	 * A frame was read whole and is being handed to the socket; call on the I/O thread,
	 * when JeroMQ's engine sets the connection's metadata on it. A frame that drops its
	 * connection is marked as followed by more, so that it never reaches the socket
	 * (JeroMQ throws a dropped connection's unfinished message away).
	 * @param frame the frame, its flags set
	 * @param connection the metadata of the connection it came from
	 */
	public synchronized void frameRead(Msg frame, Metadata connection) {
		if (frame.isCommand()) {
			return;
		}
		Connection known = this.connections.get(connection);
		if (known != null && known.dropping) {
			// Nothing more of it reaches the socket: JeroMQ takes every frame of a
			// message apart, and a frame without "more" would let the refused one in.
			frame.setFlags(Msg.MORE);
			return;
		}
		int size = frame.size();
		byte kind = (size > 0) ? frame.get(0) : -1;
		if (kind != 0 && kind != 1) {
			Connection subscriber = this.onlySubscriptions ? connection(connection, known) : null;
			if (subscriber != null) {
				drop(subscriber, frame, connection, Reason.PROTOCOL, this.notASubscription);
			}
			// Otherwise a message an XSUB peer sends upstream, for the application.
			return;
		}
		if (kind == 0) {
			// Withdrawing what the peer does not hold frees nothing, in the trie either.
			Topic topic = Topic.of(frame);
			if (known != null && known.peer.topics.remove(topic)) {
				release(topic);
			}
			return;
		}
		Connection subscriber = connection(connection, known);
		if (subscriber == null) {
			return;
		}
		Topic topic = Topic.of(frame);
		if (subscriber.peer.topics.contains(topic)) {
			return;
		}
		if (!fits(topic)) {
			forgetGone();
			if (!fits(topic)) {
				if (drop(subscriber, frame, connection, Reason.SUBSCRIPTION_BUDGET, this.overBudget)) {
					this.refused.run();
				}
				return;
			}
		}
		subscriber.peer.topics.add(hold(topic));
	}

	/** The cost of the subscriptions held, for tests. */
	synchronized long used() {
		return this.used;
	}

	private boolean fits(Topic topic) {
		return this.used + cost(topic) <= this.budget;
	}

	private long cost(Topic topic) {
		return this.holders.containsKey(topic) ? HOLDER_COST : topicCost(topic.length());
	}

	/**
	 * Counts one more peer holding the topic.
	 * @return the one copy of the topic that all its holders share
	 */
	private Topic hold(Topic topic) {
		this.used += cost(topic);
		Holders holders = this.holders.computeIfAbsent(topic, Holders::new);
		holders.count++;
		return holders.topic;
	}

	private void release(Topic topic) {
		Holders holders = this.holders.get(topic);
		if (holders == null) {
			return;
		}
		if (--holders.count == 0) {
			this.holders.remove(topic);
			this.used -= topicCost(topic.length());
		}
		else {
			this.used -= HOLDER_COST;
		}
	}

	/**
	 * A connection that subscribed, new when it had not, or {@code null} when this thread
	 * cannot drop connections.
	 */
	private @Nullable Connection connection(Metadata metadata, @Nullable Connection known) {
		if (known != null) {
			return known;
		}
		PeerConnection found = DeferredDrops.peer(metadata);
		if (found == null) {
			unenforced.warn("Endpoint '" + this.endpoint + "' cannot bound its peers' subscriptions: the starter"
					+ " enforces subscription-budget only in a ZContext it created itself, with JeroMQ 0.6.0 on the"
					+ " class path");
			return null;
		}
		if (this.connections.size() + this.peers.size() >= this.sweepAt) {
			forgetGone();
			this.sweepAt = Math.max(MIN_SWEEP, 2 * (this.connections.size() + this.peers.size()));
		}
		Peer peer = this.peers.computeIfAbsent(found.pipe(), (pipe) -> {
			this.used += PEER_COST;
			return new Peer(found);
		});
		Connection connection = new Connection(found.channel(), peer);
		this.connections.put(metadata, connection);
		return connection;
	}

	/**
	 * Forgets the connections that are closed, and takes away the subscriptions of the
	 * peers whose pipe the socket let go of: JeroMQ has taken them out of its trie.
	 */
	private void forgetGone() {
		this.connections.values().removeIf((connection) -> !connection.channel.isOpen());
		for (Iterator<Peer> iterator = this.peers.values().iterator(); iterator.hasNext();) {
			Peer peer = iterator.next();
			if (peer.connection.pipeEnded()) {
				peer.topics.forEach(this::release);
				this.used -= PEER_COST;
				iterator.remove();
			}
		}
	}

	private boolean drop(Connection subscriber, Msg frame, Metadata connection, Reason reason, String description) {
		if (DeferredDrops.drop(connection, reason, description)) {
			frame.setFlags(Msg.MORE);
			subscriber.dropping = true;
			return true;
		}
		unenforced.warn("Endpoint '" + this.endpoint + "' cannot drop a peer that " + description
				+ ": the starter drops peers only in a ZContext it created itself, with JeroMQ 0.6.0 on the class"
				+ " path");
		return false;
	}

	/** A connection of a peer, and its channel, closed once JeroMQ dropped it. */
	private static final class Connection {

		private final Channel channel;

		private final Peer peer;

		/** Dropped once JeroMQ's read is over: what it sends meanwhile is refused. */
		private boolean dropping;

		Connection(Channel channel, Peer peer) {
			this.channel = channel;
			this.peer = peer;
		}

	}

	/** The topics a peer holds. */
	private static final class Peer {

		/**
		 * Its first connection, whose pipe tells when the socket let go of the topics.
		 */
		private final PeerConnection connection;

		private final Set<Topic> topics = new HashSet<>();

		Peer(PeerConnection connection) {
			this.connection = connection;
		}

	}

	/** The peers holding a topic, and the one copy of it they share. */
	private static final class Holders {

		private final Topic topic;

		private int count;

		Holders(Topic topic) {
			this.topic = topic;
		}

	}

	/** The bytes of a topic, compared by content. */
	private record Topic(byte[] bytes) {

		static Topic of(Msg subscription) {
			byte[] bytes = new byte[subscription.size() - 1];
			subscription.getBytes(1, bytes, 0, bytes.length);
			return new Topic(bytes);
		}

		int length() {
			return this.bytes.length;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Topic topic && Arrays.equals(this.bytes, topic.bytes);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.bytes);
		}

		@Override
		public String toString() {
			return this.bytes.length + " bytes";
		}

	}

}
