package dev.zmqspring.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Request/reply client for REQ and DEALER endpoints. It runs on a DEALER socket owned by
 * one thread, so that many application threads can have requests in flight at once and a
 * lost reply never leaves the socket stuck (the REQ state machine trap). Each request
 * carries its own id in the routing envelope, {@code [request-id][empty][body]}, which
 * REP and ROUTER servers echo back; a reply is matched by that id, and a reply whose
 * request already timed out is discarded and counted, never handed to another request.
 * <p>
 * Callers never use the socket: they queue the request and wake the owner thread by
 * cancelling its wait, which JeroMQ delivers as a command to the socket's own mailbox (a
 * write to a non-blocking pipe, which an interrupted caller cannot close; a blocking one
 * would be closed for good by the interrupt). The owner thread waits in JeroMQ's own poll
 * of the socket, as a raw blocking receive does, and times requests out itself, so that a
 * round trip wakes no thread but the owner and the caller.
 */
final class RequestReplyClient extends SocketOwner implements EndpointSender {

	/** Requests made and not yet taken by the owner thread. */
	private final Queue<PendingRequest> outbox = new ConcurrentLinkedQueue<>();

	/** Requests made and not yet sent, for the send-queue capacity. */
	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicLong ids = new AtomicLong();

	/**
	 * Raised by the first caller since the owner thread last looked at the outbox, to end
	 * its wait: JeroMQ's cancellation flag for {@code poll}. Later callers find it raised
	 * and send no command of their own.
	 */
	private final AtomicBoolean wakeupFlag = new AtomicBoolean();

	/**
	 * The socket, for callers to cancel the owner thread's wait; set by the owner thread
	 * once it is open.
	 */
	private volatile zmq.@Nullable SocketBase waitingSocket;

	/**
	 * Set once the owner thread failed what was left; a caller that queues after it fails
	 * its own request.
	 */
	private volatile boolean closed;

	// Owner thread only from here on.

	private final Map<Long, PendingRequest> inFlight = new HashMap<>();

	private final ArrayDeque<PendingRequest> unsent = new ArrayDeque<>();

	private final RequestDeadlines deadlines = new RequestDeadlines();

	private long lastReplyNanos = System.nanoTime();

	/** The sockets of calling threads ({@code socket-per-thread}), or {@code null}. */
	private final @Nullable ThreadSockets threadSockets;

	/** The synchronous requests on them, or {@code null}. */
	private final @Nullable ThreadRequests threadRequests;

	RequestReplyClient(ZmqEndpoint endpoint, ZmqSocketFactory socketFactory) {
		super(endpoint, socketFactory);
		this.threadSockets = endpoint.socketPerThread()
				? new ThreadSockets(endpoint, socketFactory, this, SocketType.DEALER) : null;
		this.threadRequests = (this.threadSockets != null) ? new ThreadRequests(this.threadSockets, endpoint) : null;
	}

	@Override
	@Nullable ThreadSockets threadSockets() {
		return this.threadSockets;
	}

	@Override
	SocketType socketType() {
		return SocketType.DEALER;
	}

	@Override
	public void send(byte[][] frames) {
		throw new UnsupportedOperationException("Endpoint '" + this.endpoint.name() + "' is " + this.endpoint.type()
				+ ": every message is a request; use request(...) and read the reply");
	}

	/**
	 * With {@code socket-per-thread}, the calling thread makes the request on a socket of
	 * its own and waits for the reply there; otherwise (or when it has none) it hands the
	 * request to the endpoint's thread and waits for that to complete it.
	 */
	@Override
	public byte[][] requestAndWait(byte[][] frames, Duration timeout) {
		if (this.threadRequests == null) {
			return ZmqTemplate.await(request(frames, timeout));
		}
		SendPreconditions.check(this, frames);
		long deadline = System.nanoTime() + timeout.toNanos();
		byte[][] reply = this.threadRequests.request(frames, timeout, deadline);
		if (reply != null) {
			return reply;
		}
		// The thread has no socket of its own (any more): the rest of the time through
		// the endpoint's thread.
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			this.statistics.timedOut();
			throw RequestEnvelope.timeout(this.endpoint, timeout);
		}
		return ZmqTemplate.await(request(frames, Duration.ofNanos(left)));
	}

	@Override
	public CompletableFuture<byte[][]> request(byte[][] frames, Duration timeout) {
		SendPreconditions.check(this, frames);
		if (this.queued.incrementAndGet() > this.endpoint.settings().sendQueueCapacity()) {
			this.queued.decrementAndGet();
			String problem = "Endpoint '" + this.endpoint.name() + "' has "
					+ this.endpoint.settings().sendQueueCapacity() + " requests waiting to be sent";
			this.statistics.sendFailed(problem);
			throw new ZmqSendException(problem + "; the server is not taking requests. Raise zmq.endpoints."
					+ this.endpoint.name() + ".socket.send-queue-capacity or slow down");
		}
		CompletableFuture<byte[][]> reply = new CompletableFuture<>();
		this.outbox.add(new PendingRequest(this.ids.incrementAndGet(), frames, reply, timeout,
				System.nanoTime() + timeout.toNanos()));
		if (this.wakeupFlag.compareAndSet(false, true)) {
			wakeOwner();
		}
		if (this.closed) {
			// The owner thread ended between the check above and now: whatever it did not
			// see, fail here.
			failQueued();
		}
		return reply;
	}

	private void wakeOwner() {
		zmq.SocketBase socket = this.waitingSocket;
		if (socket != null && !this.closed) {
			try {
				socket.cancel(this.wakeupFlag);
			}
			catch (RuntimeException ex) {
				// The context is closing: the owner thread is ending and fails what is
				// queued.
				this.logger.debug("Endpoint '" + this.endpoint.name() + "' could not wake its thread", ex);
			}
		}
	}

	@Override
	void loop(ZMQ.Socket socket) {
		zmq.SocketBase base = socket.base();
		this.waitingSocket = base;
		while ((!isStopping() || (hasWork() && !pastStopDeadline())) && !reopenRequested()) {
			// Re-arm first, then read the outbox: a caller that finds the flag still set
			// queued its request before
			// the read below, and one that finds it cleared cancels the next wait.
			this.wakeupFlag.set(false);
			if (this.threadSockets != null) {
				this.threadSockets.closeEndedPeriodically();
			}
			takeQueued();
			sendUnsent(socket);
			receiveReplies(socket);
			long now = System.nanoTime();
			settle(socket, now);
			if (this.outbox.isEmpty()) {
				long waitNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(POLL_INTERVAL_MS),
						this.deadlines.nanosUntilNext(now));
				int interest = ZMQ.Poller.POLLIN | (this.unsent.isEmpty() ? 0 : ZMQ.Poller.POLLOUT);
				// Returns when a reply can be read, a request that waits can be sent, a
				// caller cancelled the wait
				// (-1, ECANCELED), or the time is up (-1, EAGAIN).
				int ready = base.poll(interest, (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)),
						this.wakeupFlag);
				if (ready < 0 && base.errno() == zmq.ZError.ETERM) {
					throw new ZMQException(zmq.ZError.ETERM);
				}
			}
		}
	}

	/**
	 * Whether a request waits to be sent or answered (every unsent request that is not
	 * settled is in flight).
	 */
	private boolean hasWork() {
		return !this.inFlight.isEmpty() || !this.outbox.isEmpty();
	}

	private void takeQueued() {
		PendingRequest request;
		while ((request = this.outbox.poll()) != null) {
			this.unsent.add(request);
			this.inFlight.put(request.id(), request);
			this.deadlines.add(request);
		}
	}

	/** Times out what is due and forgets what is settled. */
	private void settle(ZMQ.Socket socket, long now) {
		boolean silent = false;
		PendingRequest request;
		while ((request = this.deadlines.takeSettledOrDue(now)) != null) {
			this.inFlight.remove(request.id());
			if (!request.isSettled()) {
				this.statistics.timedOut();
				silent |= now - this.lastReplyNanos > request.timeout().toNanos();
				request.reply().completeExceptionally(RequestEnvelope.timeout(this.endpoint, request.timeout()));
			}
		}
		// Nothing came back for a whole timeout: the peer may be dead, or gone with
		// requests queued towards it.
		if (silent && silentForLongerThanAnyoneWaits(now)) {
			reconnect(socket);
		}
	}

	/**
	 * Whether nothing came back for longer than the timeout of every request still
	 * waiting. A request that may still get its reply in time (a long timeout beside a
	 * short one that ran out) keeps the connection; requests that keep coming (an outbox
	 * re-sending every message) no longer do, so a peer that went away is reached again
	 * (an inproc peer that closed and bound again is never reconnected by JeroMQ itself).
	 */
	private boolean silentForLongerThanAnyoneWaits(long now) {
		long silence = now - this.lastReplyNanos;
		for (PendingRequest waiting : this.inFlight.values()) {
			if (!waiting.isSettled() && silence <= waiting.timeout().toNanos()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The Lazy Pirate step: drop the connections (and whatever was queued on them) and
	 * connect afresh, so that retries go to a server that is alive. Taken only when no
	 * waiting request can still expect its reply, so that one short timeout never costs
	 * other requests their replies. A bound REQ/DEALER keeps its socket; its peers
	 * reconnect to it.
	 */
	private void reconnect(ZMQ.Socket socket) {
		if (this.endpoint.bind()) {
			return;
		}
		for (String address : this.endpoint.addresses()) {
			socket.disconnect(address);
			socket.connect(address);
		}
		this.lastReplyNanos = System.nanoTime();
		this.logger.debug("Endpoint '" + this.endpoint.name() + "' reconnected after a request timed out");
	}

	/** Sends what waits to be sent until the socket has no room. */
	private void sendUnsent(ZMQ.Socket socket) {
		PendingRequest next;
		while ((next = this.unsent.peek()) != null) {
			if (!next.isSettled()) {
				if (!write(socket, next)) {
					return;
				}
				this.statistics.sent(next.frames());
			}
			this.unsent.poll();
			this.queued.decrementAndGet();
		}
	}

	/**
	 * Writes a request's frames.
	 * @return {@code false} when it could not be written whole: no room for it, or its
	 * peer's pipe ended between two of its frames (then the socket is reopened, and the
	 * request goes out on the new one)
	 */
	private boolean write(ZMQ.Socket socket, PendingRequest pending) {
		if (!socket.send(RequestEnvelope.idFrame(pending.id()), ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
			return false;
		}
		boolean whole;
		try {
			whole = socket.send(RequestEnvelope.EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT);
			byte[][] body = pending.frames();
			for (int i = 0; whole && i < body.length; i++) {
				whole = socket.send(body[i], ((i < body.length - 1) ? ZMQ.SNDMORE : 0) | ZMQ.DONTWAIT);
			}
		}
		catch (AssertionError ex) {
			// JeroMQ asserts (with -ea) when the pipe a message is being written to
			// ends between two of its frames; without -ea it returns false.
			whole = false;
		}
		if (!whole) {
			// The socket's load balancer is left in the middle of a message that cannot
			// be finished: a new socket starts clean.
			this.logger.warn("Endpoint '" + this.endpoint.name() + "' lost its peer in the middle of a request;"
					+ " its socket is reopened and the request sent again");
			requestReopen(() -> {
			});
		}
		return whole;
	}

	private void receiveReplies(ZMQ.Socket socket) {
		byte[] first;
		while ((first = socket.recv(ZMQ.DONTWAIT)) != null) {
			List<byte[]> frames = new ArrayList<>(3);
			frames.add(first);
			while (socket.hasReceiveMore()) {
				frames.add(socket.recv(0));
			}
			complete(frames);
		}
	}

	private void complete(List<byte[]> frames) {
		if (RefusedFrames.anyRefused(frames)) {
			refused(frames);
			return;
		}
		long id = RequestEnvelope.idOf(frames);
		if (id == RequestEnvelope.NO_ID) {
			this.statistics.error(RequestEnvelope.withoutEnvelope(frames));
			return;
		}
		this.lastReplyNanos = System.nanoTime();
		PendingRequest pending = this.inFlight.remove(id);
		if (pending == null) {
			this.statistics.lateReply();
			return;
		}
		this.statistics.received();
		byte[][] body = RequestEnvelope.body(frames);
		ZmqRemoteException failure = RequestEnvelope.failureOf(this.endpoint, body);
		if (failure != null) {
			pending.reply().completeExceptionally(failure);
		}
		else {
			pending.reply().complete(body);
		}
	}

	/**
	 * A reply the socket read past and threw away for its receive-buffer budget: its
	 * request fails at once rather than waiting for its timeout.
	 */
	private void refused(List<byte[]> frames) {
		// The server answered: it is not silent, whatever became of its reply.
		this.lastReplyNanos = System.nanoTime();
		this.statistics.error(RequestEnvelope.REFUSED);
		long id = RequestEnvelope.refusedId(frames);
		PendingRequest pending = (id != RequestEnvelope.NO_ID) ? this.inFlight.remove(id) : null;
		if (pending != null) {
			pending.reply().completeExceptionally(RequestEnvelope.refused(this.endpoint));
		}
	}

	@Override
	void afterLoop() {
		if (this.threadSockets != null) {
			// A thread's request in progress gives up at the stop deadline (checked
			// every poll interval) at the latest; after an unexpected end of this
			// thread, at its timeout.
			long giveUp = isStopping() ? stopDeadlineNanos()
					: System.nanoTime() + this.endpoint.requestTimeout().toNanos();
			// Before the stop's own grace ends: a socket still in use then is closed by
			// its
			// thread.
			this.threadSockets.closeAll(giveUp + TimeUnit.MILLISECONDS.toNanos(POLL_INTERVAL_MS));
		}
		this.closed = true;
		this.unsent.clear();
		this.inFlight.values().forEach(pending -> pending.reply().completeExceptionally(stoppedException()));
		this.inFlight.clear();
		failQueued();
	}

	private void failQueued() {
		PendingRequest request;
		while ((request = this.outbox.poll()) != null) {
			this.queued.decrementAndGet();
			request.reply().completeExceptionally(stoppedException());
		}
	}

	private ZmqSendException stoppedException() {
		return RequestEnvelope.stopped(this.endpoint);
	}

}
