package dev.zmqspring.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.zmqspring.support.ErrorReply;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Request/reply client for REQ and DEALER endpoints. It runs on a DEALER socket owned by one thread, so that many
 * application threads can have requests in flight at once and a lost reply never leaves the socket stuck (the REQ
 * state machine trap). Each request carries its own id in the routing envelope, {@code [request-id][empty][body]},
 * which REP and ROUTER servers echo back; a reply is matched by that id, and a reply whose request already timed
 * out is discarded and counted, never handed to another request.
 */
final class RequestReplyClient extends SocketOwner implements EndpointSender {

	private static final byte[] EMPTY = new byte[0];

	private final Queue<Pending> outbox = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final Map<Long, Pending> inFlight = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final AtomicBoolean wakeupPending = new AtomicBoolean();

	private final Pipe wakeup;

	private final AtomicBoolean reconnectRequested = new AtomicBoolean();

	private volatile long lastReplyNanos = System.nanoTime();

	RequestReplyClient(ZmqEndpoint endpoint, ZmqSocketFactory socketFactory) {
		super(endpoint, socketFactory);
		try {
			this.wakeup = Pipe.open();
			this.wakeup.source().configureBlocking(false);
		}
		catch (IOException ex) {
			throw new ZmqException("Cannot open the wake-up pipe of endpoint '" + endpoint.name() + "'", ex);
		}
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
		long id = this.ids.incrementAndGet();
		CompletableFuture<byte[][]> reply = new CompletableFuture<>();
		Pending pending = new Pending(id, frames, reply);
		this.inFlight.put(id, pending);
		this.outbox.add(pending);
		wake();
		CompletableFuture<byte[][]> result = reply.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
			.exceptionallyCompose(ex -> CompletableFuture.failedFuture(translate(ex, timeout)));
		result.whenComplete((value, ex) -> this.inFlight.remove(id));
		return result;
	}

	private Throwable translate(Throwable ex, Duration timeout) {
		if (ex instanceof TimeoutException) {
			this.statistics.timedOut();
			if (System.nanoTime() - this.lastReplyNanos > timeout.toNanos()) {
				// Nothing came back for a whole timeout: the peer may be dead with requests queued towards it.
				this.reconnectRequested.set(true);
				wake();
			}
			return new ZmqRequestTimeoutException("No reply from endpoint '" + this.endpoint.name() + "' ("
					+ this.endpoint.describe() + ") within " + timeout + "; the server is down, slow or unreachable."
					+ " Raise zmq.endpoints." + this.endpoint.name() + ".request-timeout if it is only slow");
		}
		return ex;
	}

	private void wake() {
		if (this.wakeupPending.compareAndSet(false, true)) {
			try {
				this.wakeup.sink().write(ByteBuffer.wrap(new byte[] { 1 }));
			}
			catch (IOException ex) {
				throw new ZmqSendException("Endpoint '" + this.endpoint.name() + "' is closed", ex);
			}
		}
	}

	@Override
	void loop(ZMQ.Socket socket) throws IOException {
		ZMQ.Poller poller = socketPoller(socket);
		ByteBuffer drain = ByteBuffer.allocate(64);
		Pending blocked = null;
		try {
			while (!isStopping() || (!this.inFlight.isEmpty() && !pastStopDeadline())) {
				poller.poll(POLL_INTERVAL_MS);
				if (poller.pollin(1)) {
					// Drain first, then re-arm: a caller that finds the flag still set has queued its request before
					// the outbox is read below, and one that finds it cleared writes a fresh wake-up byte.
					drain.clear();
					while (this.wakeup.source().read(drain) > 0) {
						drain.clear();
					}
					this.wakeupPending.set(false);
				}
				if (this.reconnectRequested.getAndSet(false)) {
					reconnect(socket);
				}
				blocked = sendQueued(socket, blocked);
				if (poller.pollin(0)) {
					receiveReplies(socket);
				}
			}
		}
		finally {
			poller.close();
		}
	}

	/**
	 * The Lazy Pirate step: drop the connections (and whatever was queued on them) and connect afresh, so that
	 * retries go to a server that is alive. Requests in flight are not lost to the caller: they time out and are
	 * retried. A bound REQ/DEALER keeps its socket; its peers reconnect to it.
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

	private ZMQ.Poller socketPoller(ZMQ.Socket socket) {
		ZMQ.Poller poller = context().createPoller(2);
		poller.register(socket, ZMQ.Poller.POLLIN);
		poller.register(this.wakeup.source(), ZMQ.Poller.POLLIN);
		return poller;
	}

	/** Sends queued requests until the socket has no room; returns the one that did not fit. */
	private Pending sendQueued(ZMQ.Socket socket, Pending blocked) {
		Pending next = (blocked != null) ? blocked : this.outbox.poll();
		while (next != null) {
			if (next.reply.isDone()) {
				this.queued.decrementAndGet();
			}
			else if (!write(socket, next)) {
				return next;
			}
			else {
				this.queued.decrementAndGet();
				this.statistics.sent(next.frames());
			}
			next = this.outbox.poll();
		}
		return null;
	}

	private boolean write(ZMQ.Socket socket, Pending pending) {
		if (!socket.send(ByteBuffer.allocate(Long.BYTES).putLong(pending.id).array(), ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
			return false;
		}
		socket.send(EMPTY, ZMQ.SNDMORE);
		byte[][] body = pending.frames;
		for (int i = 0; i < body.length; i++) {
			socket.send(body[i], (i < body.length - 1) ? ZMQ.SNDMORE : 0);
		}
		return true;
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
		if (frames.size() < 3 || frames.get(0).length != Long.BYTES || frames.get(1).length != 0) {
			this.statistics.error("A reply without the request-id envelope was discarded (" + frames.size() + " frames)");
			return;
		}
		this.lastReplyNanos = System.nanoTime();
		Pending pending = this.inFlight.remove(ByteBuffer.wrap(frames.get(0)).getLong());
		if (pending == null) {
			this.statistics.lateReply();
			return;
		}
		this.statistics.received();
		byte[][] body = frames.subList(2, frames.size()).toArray(new byte[0][]);
		if (body.length == 1 && ErrorReply.isErrorReply(body[0])) {
			pending.reply.completeExceptionally(new ZmqRemoteException(ErrorReply.code(body[0]),
					"Endpoint '" + this.endpoint.name() + "': the server failed: " + ErrorReply.message(body[0])));
		}
		else {
			pending.reply.complete(body);
		}
	}

	@Override
	void afterLoop() {
		ZmqSendException closed = new ZmqSendException("Endpoint '" + this.endpoint.name()
				+ "' was stopped before the reply arrived");
		this.inFlight.values().forEach(pending -> pending.reply.completeExceptionally(closed));
		try {
			this.wakeup.sink().close();
			this.wakeup.source().close();
		}
		catch (IOException ex) {
			this.logger.debug("Closing the wake-up pipe failed", ex);
		}
	}

	private record Pending(long id, byte[][] frames, CompletableFuture<byte[][]> reply) {
	}

}
