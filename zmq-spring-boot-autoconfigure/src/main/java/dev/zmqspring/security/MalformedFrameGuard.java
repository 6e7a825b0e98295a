package dev.zmqspring.security;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.zmqspring.core.MessageFrameLimit;
import dev.zmqspring.core.PausedReads;
import dev.zmqspring.core.RepeatLimitedLog;
import dev.zmqspring.core.SocketSettings;
import dev.zmqspring.core.SubscriptionLimit;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketCustomizer;
import dev.zmqspring.core.ZmqSocketType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;
import zmq.Msg;
import zmq.SocketBase;
import zmq.msg.MsgAllocator;

/**
 * Guards every network socket against input that JeroMQ 0.6.0 handles badly on its own.
 * <p>
 * <b>Frames with a negative length</b> (JeroMQ issue #1005). JeroMQ reads a frame's
 * 8-byte length as a signed number, lets a negative one pass the maximum-size check and
 * allocates a message of that size: the {@code NegativeArraySizeException} ends the
 * context's I/O thread, after which no socket on it receives anything from anyone. One
 * unauthenticated TCP packet does it, even to a CURVE socket (frames are decoded during
 * the handshake too). The fix exists only on JeroMQ's master branch. The decoder takes
 * every message buffer from the socket's {@link MsgAllocator}, so this customizer gives
 * every network socket an allocator that answers a negative size with a stand-in that
 * reads nothing more from the wire (see {@link DroppingCommand}): JeroMQ drops the peer,
 * and no byte of it reaches the application. JeroMQ keeps only the low 32 bits of a
 * negative length, which can make it a positive size of up to 2 GiB: any size above the
 * endpoint's maximum message size (which the decoder itself refuses for positive lengths)
 * is treated the same way. Every other size is allocated as JeroMQ would. Each such frame
 * is counted ({@link #getNegativeFrames()}) and logged at WARN, at most once a minute per
 * endpoint.
 * <p>
 * <b>Commands too large to be commands.</b> The decoder takes a frame's buffer as soon as
 * it has read the announced size, before the body and also during the handshake: a peer
 * without a key could announce a command of nearly the maximum message size, send a few
 * bytes and stall, and hold that memory for as long as its connection lives (hundreds of
 * such connections exhaust a heap). Frames announced larger than 8 KiB get their memory
 * only once the decoder has set their flags ({@link LargeFrame}): a command of that size
 * (no ZMTP command needs more than a few hundred bytes) is never allocated, the peer is
 * dropped, and it is counted ({@link #getOversizedCommands()}) and logged like a negative
 * length.
 * <p>
 * <b>A receive-buffer budget per socket.</b> JeroMQ's high-water mark counts messages,
 * not bytes: a thousand messages per peer, each up to the maximum message size. A socket
 * that receives application messages gets a budget in bytes
 * ({@link dev.zmqspring.core.SocketSettings#receiveBufferBudget()}) for its frames larger
 * than 1 KiB, queued or being read, over all its peers ({@link ReceiveBudget}). When a
 * frame would go over it and the application has whole messages to take, the socket stops
 * reading from its peers until the application has caught up
 * ({@link dev.zmqspring.core.PausedReads}), which is counted ({@link #getBudgetPauses()})
 * and logged at INFO, at most once a minute per endpoint. Where waiting cannot help (the
 * budget is full of frames the application cannot take, or it has taken nothing for 10 s)
 * or the socket's reads cannot be stopped (a context whose threads the starter did not
 * create), the frame is read into a scratch buffer and thrown away, and the receiver
 * drops its whole message (see {@link dev.zmqspring.core.RefusedFrames}); it is counted
 * ({@link #getOverBudgetFrames()}) and logged at WARN, at most once a minute per
 * endpoint.
 * <p>
 * <b>Messages that never end.</b> JeroMQ keeps every frame of a message until its last
 * frame comes, and its high-water mark counts only whole messages, so a peer could send
 * the frames of one message for ever. Every frame this allocator gives out counts against
 * its connection's message once read ({@link MessageFrameLimit}): a message with more
 * frames than {@link dev.zmqspring.core.SocketSettings#maxMessageFrames()} is thrown away
 * before its last frame, its peer dropped, and it is counted
 * ({@link #getOverlongMessages()}) and logged at WARN, at most once a minute per
 * endpoint.
 * <p>
 * <b>Subscriptions without end.</b> JeroMQ keeps every distinct subscription of a PUB or
 * XPUB socket's peers in a trie of about one object per byte, for as long as the peer
 * stays connected. Every subscription this allocator gives out is mirrored at its cost in
 * that trie ({@link SubscriptionLimit}): a peer whose subscription would take the socket
 * over {@link dev.zmqspring.core.SocketSettings#subscriptionBudget()} is dropped with all
 * its subscriptions, and it is counted ({@link #getRefusedSubscriptions()}) and logged at
 * WARN, at most once a minute per endpoint. A peer that sends a PUB socket anything but
 * subscriptions, which JeroMQ would keep for ever, is dropped too.
 * <p>
 * <b>Greetings of ZMTP before 3.0.</b> A socket without a ZAP domain takes any first byte
 * that is not a ZMTP 3 signature for the unversioned protocol of ZeroMQ 2, cancels its
 * handshake timer and waits for frames: an HTTP request, a TLS hello or random bytes then
 * hold the connection open for as long as the peer likes, and may even be decoded as
 * messages. JeroMQ refuses ZMTP 1.0 and 2.0 peers on a socket with a ZAP domain, so this
 * customizer gives every binding network socket that has none the domain
 * {@value ZapAuthenticator#UNSECURED_DOMAIN}: such peers are dropped during their
 * greeting, and counted and logged as rejected connections. Peers of libzmq 3.x (2012)
 * and older can no longer connect. When a ZAP handler runs in the context (the starter's,
 * for CURVE servers), JeroMQ asks it about NULL-mechanism peers of these sockets too; the
 * starter's {@link ZapAuthenticator} admits them. Connecting sockets are left as they
 * are: JeroMQ gives up on an address for good after such a protocol error, and a client
 * should come back when its server does.
 */
public final class MalformedFrameGuard implements ZmqSocketCustomizer {

	private static final Log logger = LogFactory.getLog(MalformedFrameGuard.class);

	private final AtomicLong negativeFrames = new AtomicLong();

	private final AtomicLong oversizedCommands = new AtomicLong();

	private final AtomicLong overBudgetFrames = new AtomicLong();

	private final AtomicLong budgetPauses = new AtomicLong();

	private final AtomicLong overlongMessages = new AtomicLong();

	private final AtomicLong refusedSubscriptions = new AtomicLong();

	/**
	 * One hostile peer can send such frames as fast as it likes: each endpoint's line at
	 * most once an interval.
	 */
	private final RepeatLimitedLog log;

	/** Pauses are flow control, not faults: a line at INFO, as rarely as the others. */
	private final RepeatLimitedLog pauseLog;

	/** Where frames get their memory: JeroMQ's default allocator, but in tests. */
	private final MsgAllocator memory;

	/** Logs each endpoint's negative frames at most once a minute. */
	public MalformedFrameGuard() {
		this(Duration.ofMinutes(1));
	}

	/**
	 * @param logInterval the shortest time between two log lines about one endpoint;
	 * every frame is counted regardless
	 */
	public MalformedFrameGuard(Duration logInterval) {
		this(logInterval, zmq.ZMQ.DEFAULT_MSG_ALLOCATOR);
	}

	/**
	 * @param logInterval the shortest time between two log lines about one endpoint
	 * @param memory where frames get their memory (a test can make it fail)
	 */
	MalformedFrameGuard(Duration logInterval, MsgAllocator memory) {
		this.log = new RepeatLimitedLog(logger, logInterval);
		this.pauseLog = new RepeatLimitedLog(logger, logInterval);
		this.memory = memory;
	}

	@Override
	public void customize(ZmqEndpoint endpoint, ZMQ.Socket socket) {
		if (endpoint.addresses().stream().allMatch(address -> address.startsWith("inproc://"))) {
			// inproc:// carries messages, not bytes: no decoder runs.
			return;
		}
		long budget = endpoint.settings().receiveBufferBudget();
		ReceiveBudget receiveBudget = (budget > 0 && receivesMessages(endpoint.type()))
				? newBudget(endpoint, budget, socket.base()) : null;
		MessageFrameLimit frameLimit = MessageFrameLimit.of(endpoint, () -> overlongMessage(endpoint));
		SubscriptionLimit subscriptionLimit = SubscriptionLimit.of(endpoint, () -> refusedSubscription(endpoint));
		socket.setMsgAllocator(new GuardedAllocator(endpoint.name(), endpoint.settings().maxMessageSize(),
				receiveBudget, new FrameChecks(frameLimit, subscriptionLimit),
				new FrameMemory(endpoint.name(), this.memory), this));
		String domain = socket.getZapDomain();
		if (endpoint.bind() && (domain == null || domain.isEmpty())) {
			socket.setZapDomain(ZapAuthenticator.UNSECURED_DOMAIN);
		}
	}

	private void overlongMessage(ZmqEndpoint endpoint) {
		this.overlongMessages.incrementAndGet();
		this.log.warn("Endpoint '" + endpoint.name() + "' was sent a message of more than "
				+ endpoint.settings().maxMessageFrames() + " frames; the message is thrown away, the peer dropped,"
				+ " and the socket keeps serving its other peers (raise "
				+ endpoint.settingName("socket.max-message-frames") + " if such messages are expected)");
	}

	private void refusedSubscription(ZmqEndpoint endpoint) {
		this.refusedSubscriptions.incrementAndGet();
		this.log.warn("Endpoint '" + endpoint.name() + "' was sent a subscription that would take its peers'"
				+ " subscriptions over its subscription-budget of " + endpoint.settings().subscriptionBudget()
				+ " bytes; the peer is dropped with all its subscriptions, and the socket keeps serving its other"
				+ " peers (raise " + endpoint.settingName("socket.subscription-budget")
				+ " if so many topics are expected)");
	}

	private ReceiveBudget newBudget(ZmqEndpoint endpoint, long budget, SocketBase socket) {
		String name = endpoint.name();
		return new ReceiveBudget(budget, endpoint.settings().maxMessageSize(),
				(readAgain) -> PausedReads.pause(socket, readAgain), () -> {
					this.budgetPauses.incrementAndGet();
					this.pauseLog.info("Endpoint '" + name + "' stopped reading from its peers: its"
							+ " receive-buffer-budget of " + budget + " bytes is full of messages its listener has not"
							+ " taken yet; it reads on once the listener has caught up (the peers' sends wait meanwhile)");
				},
				() -> this.log.warn("Endpoint '" + name + "' read from its peers again although its"
						+ " receive-buffer-budget of " + budget + " bytes is still full: its listener has taken nothing"
						+ " for " + TimeUnit.NANOSECONDS.toSeconds(ReceiveBudget.STALL_NANOS) + " s (paused, or"
						+ " stuck); a message that does not fit is refused, and the endpoint stops reading again"),
				maxPause(endpoint.settings()));
	}

	/**
	 * Half the heartbeat timeout where the socket sends heartbeats (a peer of the starter
	 * is likely to have the same), so that a paused connection reads its peer's
	 * heartbeats in time; otherwise unbounded.
	 */
	private static Duration maxPause(SocketSettings settings) {
		if (settings.heartbeatInterval().isZero() || settings.heartbeatTimeout().isZero()) {
			return Duration.ofNanos(Long.MAX_VALUE);
		}
		return settings.heartbeatTimeout().dividedBy(2);
	}

	/**
	 * Sockets whose peers send them application messages; the others (PUB, XPUB, PUSH)
	 * get only subscriptions, which JeroMQ reads at once.
	 */
	private static boolean receivesMessages(ZmqSocketType type) {
		return switch (type) {
			case PUB, XPUB, PUSH -> false;
			default -> true;
		};
	}

	/**
	 * How many received frames were thrown away since startup, over all endpoints,
	 * because they did not fit their endpoint's receive-buffer budget; each one's whole
	 * message was refused.
	 */
	public long getOverBudgetFrames() {
		return this.overBudgetFrames.get();
	}

	/**
	 * How many times since startup, over all endpoints, an endpoint stopped reading from
	 * its peers because its receive-buffer budget was full of messages its listener had
	 * not taken yet (back-pressure: nothing is lost).
	 */
	public long getBudgetPauses() {
		return this.budgetPauses.get();
	}

	/**
	 * How many messages peers have sent since startup, over all endpoints, with more
	 * frames than their endpoint's {@code max-message-frames}; each was thrown away
	 * before its last frame, and its peer dropped.
	 */
	public long getOverlongMessages() {
		return this.overlongMessages.get();
	}

	/**
	 * How many subscriptions peers have sent since startup, over all PUB and XPUB
	 * endpoints, that would have taken their endpoint over its subscription budget; each
	 * peer was dropped with all its subscriptions.
	 */
	public long getRefusedSubscriptions() {
		return this.refusedSubscriptions.get();
	}

	/**
	 * How many frames with a negative length peers have sent since startup, over all
	 * endpoints.
	 */
	public long getNegativeFrames() {
		return this.negativeFrames.get();
	}

	/**
	 * How many command frames larger than any ZMTP command needs (8 KiB) peers have
	 * announced since startup, over all endpoints; each peer was dropped before its frame
	 * was read.
	 */
	public long getOversizedCommands() {
		return this.oversizedCommands.get();
	}

	/**
	 * What is checked of each frame a socket reads whole, where it applies.
	 *
	 * @param frames the limit of frames per message
	 * @param subscriptions the budget of a PUB or XPUB socket's subscriptions
	 */
	private record FrameChecks(@Nullable MessageFrameLimit frames, @Nullable SubscriptionLimit subscriptions) {
	}

	/**
	 * Runs on JeroMQ's I/O thread: allocates, counts and logs, and throws only what the
	 * memory throws ({@link FrameMemory}).
	 */
	private static final class GuardedAllocator implements MsgAllocator {

		private final String endpoint;

		private final long maxMessageSize;

		private final MalformedFrameGuard guard;

		private final @Nullable ReceiveBudget budget;

		private final FrameChecks checks;

		private final FrameMemory memory;

		private final Runnable oversizedCommand;

		private final Runnable overBudget;

		private final String overBudgetWarning;

		GuardedAllocator(String endpoint, long maxMessageSize, @Nullable ReceiveBudget budget, FrameChecks checks,
				FrameMemory memory, MalformedFrameGuard guard) {
			this.endpoint = endpoint;
			this.maxMessageSize = maxMessageSize;
			this.budget = budget;
			this.checks = checks;
			this.memory = memory;
			this.guard = guard;
			this.oversizedCommand = this::oversizedCommand;
			this.overBudget = this::overBudget;
			this.overBudgetWarning = "Endpoint '" + endpoint + "' threw away received frames and refused their"
					+ " messages: its receive-buffer-budget of " + ((budget != null) ? budget.limit() : 0)
					+ " bytes was full of frames the application had not taken yet; make the listener keep up"
					+ " (concurrency), or raise receive-buffer-budget (see docs/configuration.md)";
		}

		@Override
		public Msg allocate(int size) {
			try {
				return allocateGuarded(size);
			}
			catch (Error ex) {
				this.memory.blame();
				throw ex;
			}
		}

		private Msg allocateGuarded(int size) {
			// The decoder refuses a positive length above the maximum before it gets
			// here; a larger size can only be a negative 8-byte length whose low 32 bits
			// JeroMQ kept (0x800000007FFFFFFF becomes 2 GiB - 1).
			if (size >= 0 && size <= this.maxMessageSize) {
				if (size > LargeFrame.MAX_COMMAND_SIZE
						|| (size > ReceiveBudget.ACCOUNTED_ABOVE && this.budget != null)) {
					return new LargeFrame(size, this.budget, this.memory, this.oversizedCommand, this.overBudget,
							this.checks.frames());
				}
				SubscriptionLimit subscriptions = this.checks.subscriptions();
				if (subscriptions != null) {
					return this.memory.subscription(size, subscriptions, this.checks.frames());
				}
				MessageFrameLimit frames = this.checks.frames();
				return (frames != null) ? this.memory.counted(size, frames) : this.memory.allocate(size);
			}
			this.guard.negativeFrames.incrementAndGet();
			this.guard.log.warn("Endpoint '" + this.endpoint + "' received a frame with a negative length from a peer"
					+ " (JeroMQ issue #1005); the frame is discarded, the peer dropped, and the socket keeps serving"
					+ " its other peers");
			return new DroppingCommand();
		}

		private void overBudget() {
			this.guard.overBudgetFrames.incrementAndGet();
			this.guard.log.warn(this.overBudgetWarning);
		}

		private void oversizedCommand() {
			this.guard.oversizedCommands.incrementAndGet();
			this.guard.log.warn("Endpoint '" + this.endpoint + "' was sent a command frame larger than "
					+ LargeFrame.MAX_COMMAND_SIZE + " bytes, more than any ZMTP command needs; the frame is refused"
					+ " unread, the peer dropped, and the socket keeps serving its other peers");
		}

	}

}
