package dev.zmqspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Sends one-way messages (PUB, PUSH, PAIR) for any number of application threads through
 * one owner thread. The queue between them is bounded: when the socket cannot send (no
 * peer yet, peers at their high-water mark) the queue fills, and callers wait up to the
 * send timeout and then get a {@link ZmqSendException}. Nothing is dropped silently: PUB
 * drops at the high-water mark are counted in {@link EndpointStatistics#getDropped()}.
 * <p>
 * With {@code socket-per-thread} (connecting PUSH and PUB), sending threads up to the
 * endpoint's cap send on sockets of their own instead ({@link ThreadSockets}); the
 * others, and the counts of all, stay with this sender.
 * <p>
 * Order is kept per calling thread.
 */
final class OneWaySender extends SocketOwner implements EndpointSender {

	/** Most messages the owner thread takes from the queue at once. */
	private static final int BATCH = 256;

	/** How long the owner thread looks for more messages before it parks. */
	private static final long SPIN_NANOS = 20_000;

	private static final int WRITTEN = 1;

	private static final int DROPPED = 0;

	private static final int STOPPED = -1;

	private final SendQueue queue;

	private final boolean publisher;

	/** The sockets of sending threads ({@code socket-per-thread}), or {@code null}. */
	private final @Nullable ThreadSockets threadSockets;

	/** The sends on them, or {@code null}. */
	private final @Nullable ThreadSends threadSends;

	OneWaySender(ZmqEndpoint endpoint, ZmqSocketFactory socketFactory) {
		super(endpoint, socketFactory);
		this.queue = new SendQueue(endpoint.settings().sendQueueCapacity());
		this.publisher = endpoint.type() == ZmqSocketType.PUB;
		this.threadSockets = endpoint.socketPerThread()
				? new ThreadSockets(endpoint, socketFactory, this, endpoint.type().jeromqType()) : null;
		this.threadSends = (this.threadSockets != null) ? new ThreadSends(this.threadSockets, endpoint) : null;
	}

	/**
	 * Whether the calling thread sends on a socket of its own
	 * ({@code socket-per-thread}); for diagnostics.
	 */
	boolean callerHasSocket() {
		return this.threadSockets != null && this.threadSockets.callerHasSocket();
	}

	@Override
	@Nullable ThreadSockets threadSockets() {
		return this.threadSockets;
	}

	@Override
	SocketType socketType() {
		// A gated PUB runs on XPUB, which is a PUB that also hands the subscriptions it
		// receives to its owner.
		return (this.publisher && this.endpoint.minSubscribers() > 0) ? SocketType.XPUB
				: this.endpoint.type().jeromqType();
	}

	/** Messages handed to the owner thread and not taken by it yet. */
	int queued() {
		return this.queue.size();
	}

	@Override
	public void send(byte[][] frames) {
		SendPreconditions.check(this, frames);
		if (this.threadSends != null && this.threadSends.send(frames)) {
			return;
		}
		if (this.queue.offer(frames)) {
			return;
		}
		Duration timeout = this.endpoint.settings().sendTimeout();
		try {
			if (this.queue.offer(frames, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw SendPreconditions.interrupted(this.endpoint, ex);
		}
		throw SendPreconditions.noPeerTookIt(this.endpoint, this.statistics);
	}

	@Override
	public CompletableFuture<byte[][]> request(byte[][] frames, Duration timeout) {
		throw new UnsupportedOperationException("Endpoint '" + this.endpoint.name() + "' is " + this.endpoint.type()
				+ " and sends one-way; requests need a REQ or DEALER endpoint");
	}

	@Override
	void loop(ZMQ.Socket socket) throws InterruptedException {
		socket.setSendTimeOut(POLL_INTERVAL_MS);
		boolean gated = socketType() == SocketType.XPUB;
		if (gated) {
			socket.setXpubVerbose(true);
		}
		boolean gateOpen = !gated;
		while (!reopenRequested()) {
			if (this.threadSockets != null) {
				this.threadSockets.closeEndedPeriodically();
			}
			byte[][] frames = this.queue.poll();
			if (frames == null) {
				frames = pollBriefly();
			}
			if (frames == null) {
				this.queue.awaitMessages(POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
				frames = this.queue.poll();
			}
			if (gated) {
				drainSubscriptions(socket);
				if (!gateOpen && frames != null) {
					awaitSubscribers(socket);
					gateOpen = true;
				}
			}
			if (frames == null) {
				if (isStopping()) {
					return;
				}
				// JeroMQ does what its I/O threads ask of the socket (attach a peer, let
				// go
				// of a gone one and what it held, such as its subscriptions) only when
				// the
				// socket is used: an idle one would keep it all.
				socket.getEvents();
				continue;
			}
			if (!writeBatch(socket, frames)) {
				return;
			}
		}
	}

	@Override
	void afterLoop() {
		if (this.threadSockets != null) {
			// A thread's send in progress gives up at the stop deadline (checked every
			// send step) at the latest.
			long giveUp = isStopping() ? stopDeadlineNanos()
					: System.nanoTime() + this.endpoint.settings().sendTimeout().toNanos();
			this.threadSockets.closeAll(giveUp + TimeUnit.MILLISECONDS.toNanos(2L * ThreadSockets.SEND_STEP_MS));
		}
	}

	/**
	 * Writes the given message and up to {@link #BATCH} - 1 more that are queued, then
	 * counts them all at once: counting each message on its own costs as much as writing
	 * a small one.
	 * @return {@code false} when stopping and the deadline passed before a message could
	 * be written
	 */
	private boolean writeBatch(ZMQ.Socket socket, byte[][] first) {
		long messages = 0;
		long bytes = 0;
		try {
			byte[][] frames = first;
			int taken = 1;
			while (true) {
				int outcome = write(socket, frames);
				if (outcome == STOPPED) {
					return false;
				}
				if (outcome == WRITTEN) {
					messages++;
					for (byte[] frame : frames) {
						bytes += frame.length;
					}
				}
				if (taken == BATCH || (frames = this.queue.poll()) == null) {
					return true;
				}
				taken++;
			}
		}
		finally {
			this.statistics.sent(messages, bytes);
			this.queue.signalRoom();
		}
	}

	/**
	 * Looks for the next message for a few microseconds before the thread parks: while
	 * messages keep coming, a parked owner thread would make every sender pay for waking
	 * it (a system call per message).
	 */
	private byte @Nullable [][] pollBriefly() {
		long deadline = System.nanoTime() + SPIN_NANOS;
		do {
			for (int i = 0; i < 32; i++) {
				Thread.onSpinWait();
			}
			byte[][] frames = this.queue.poll();
			if (frames != null) {
				return frames;
			}
		}
		while (System.nanoTime() - deadline < 0);
		return null;
	}

	private int subscriptions;

	/**
	 * Reads the subscription messages an XPUB has received so far (they would pile up
	 * otherwise).
	 */
	private void drainSubscriptions(ZMQ.Socket socket) {
		byte[] subscription;
		while ((subscription = socket.recv(ZMQ.DONTWAIT)) != null) {
			if (subscription.length > 0 && subscription[0] == 1) {
				this.subscriptions++;
			}
		}
	}

	/**
	 * Holds the first message until enough subscriptions have arrived or the timeout
	 * passed: the slow-joiner gate. Later subscribers still miss what was published
	 * before they joined; PUB/SUB cannot promise more.
	 */
	private void awaitSubscribers(ZMQ.Socket socket) {
		long deadline = System.nanoTime() + this.endpoint.minSubscribersTimeout().toNanos();
		socket.setReceiveTimeOut(POLL_INTERVAL_MS);
		while (this.subscriptions < this.endpoint.minSubscribers() && System.nanoTime() - deadline < 0
				&& !isStopping()) {
			byte[] subscription = socket.recv(0);
			if (subscription != null && subscription.length > 0 && subscription[0] == 1) {
				this.subscriptions++;
			}
		}
		if (this.subscriptions < this.endpoint.minSubscribers()) {
			this.logger.warn("Endpoint '" + this.endpoint.name() + "' publishes its first message with "
					+ this.subscriptions + " of " + this.endpoint.minSubscribers() + " subscriptions after waiting "
					+ this.endpoint.minSubscribersTimeout());
		}
	}

	/**
	 * Writes one message. Blocks (in steps, watching the stop deadline) while PUSH/PAIR
	 * have no room.
	 * @return {@link #WRITTEN}, {@link #DROPPED} (PUB at its high-water mark, counted),
	 * or {@link #STOPPED} when stopping and the deadline passed before the message could
	 * be written (it and all queued are counted lost)
	 */
	private int write(ZMQ.Socket socket, byte[][] frames) {
		int last = frames.length - 1;
		int firstFlags = (last > 0 ? ZMQ.SNDMORE : 0) | (this.publisher ? ZMQ.DONTWAIT : 0);
		while (!socket.send(frames[0], firstFlags)) {
			if (this.publisher) {
				this.statistics.dropped();
				return DROPPED;
			}
			if (pastStopDeadline()) {
				int lost = 1 + this.queue.clear();
				this.statistics.sendFailed(lost + " message(s) not sent at shutdown: no peer took them");
				this.logger.warn("Endpoint '" + this.endpoint.name() + "' closed with " + lost
						+ " message(s) unsent: no peer took them before the shutdown timeout");
				return STOPPED;
			}
		}
		for (int i = 1; i <= last; i++) {
			socket.send(frames[i], (i < last) ? ZMQ.SNDMORE : 0);
		}
		return WRITTEN;
	}

}
