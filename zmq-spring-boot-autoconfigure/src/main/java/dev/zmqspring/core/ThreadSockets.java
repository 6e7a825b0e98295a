package dev.zmqspring.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The sockets of the threads that send on one connecting PUSH or PUB endpoint with
 * {@code socket-per-thread}: each such thread opens a socket of its own on its first send
 * (through the same {@link ZmqSocketFactory}, so with the endpoint's options, customizers
 * and security check) and sends on it directly, without a hand-off to the endpoint's
 * thread. Up to {@code socket-per-thread-max} threads get one; the others, and virtual
 * threads, send through the endpoint's thread for good, so each thread's messages keep
 * their order.
 * <p>
 * No socket is ever used by two threads at once: a socket is closed by another thread
 * only after its own thread has ended, or, at shutdown, between two of its sends (see
 * {@link ThreadSocket}).
 */
final class ThreadSockets {

	/**
	 * How long a send waits on a full socket at a time before it looks at its timeout and
	 * the stop deadline.
	 */
	static final int SEND_STEP_MS = 20;

	/** How often the endpoint's thread looks for sockets whose thread has ended. */
	private static final long CLOSE_ENDED_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** Marks a thread that sends through the endpoint's thread. */
	private static final ThreadSocket VIA_OWNER = new ThreadSocket(null, null, List.of());

	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

	private static final Log logger = LogFactory.getLog(ThreadSockets.class);

	private final ZmqEndpoint endpoint;

	private final ZmqSocketFactory socketFactory;

	private final SocketOwner owner;

	private final EndpointStatistics statistics;

	private final boolean publisher;

	private final ThreadLocal<ThreadSocket> assigned = new ThreadLocal<>();

	/** Guarded by {@code this}. */
	private final List<ThreadSocket> open = new ArrayList<>();

	/**
	 * Guarded by {@code this}: set once the endpoint closes; no socket opens after it.
	 */
	private boolean closed;

	private volatile int count;

	/** Written by the endpoint's thread only. */
	private long lastCloseEnded = System.nanoTime();

	ThreadSockets(ZmqEndpoint endpoint, ZmqSocketFactory socketFactory, SocketOwner owner) {
		this.endpoint = endpoint;
		this.socketFactory = socketFactory;
		this.owner = owner;
		this.statistics = owner.getStatistics();
		this.publisher = endpoint.type() == ZmqSocketType.PUB;
	}

	/** The sockets open now, one per sending thread that has one. */
	int count() {
		return this.count;
	}

	/**
	 * Whether the calling thread was given a socket of its own (open or, once the
	 * endpoint stopped, closed).
	 */
	boolean callerHasSocket() {
		ThreadSocket mine = this.assigned.get();
		return mine != null && mine != VIA_OWNER;
	}

	/**
	 * Sends on the calling thread's own socket, opening it on the thread's first send.
	 * @return {@code false} when this thread sends through the endpoint's thread instead
	 * @throws ZmqSendException when no peer took the message within the send timeout, the
	 * thread was interrupted while it waited for one, or the endpoint stopped
	 */
	boolean send(byte[][] frames) {
		ThreadSocket mine = this.assigned.get();
		if (mine == null) {
			mine = assign();
		}
		if (mine == VIA_OWNER) {
			return false;
		}
		if (!mine.beginSend()) {
			throw SendPreconditions.stopped(this.endpoint);
		}
		// JeroMQ turns a pending interrupt into EINTR and clears it, on every send: keep
		// it out and put it back.
		mine.interrupted = Thread.interrupted();
		mine.bytes = 0;
		try {
			write(mine, frames);
			mine.tally().count(mine.bytes);
		}
		catch (ZMQException ex) {
			if (ex.getErrorCode() == zmq.ZError.ETERM) {
				throw SendPreconditions.stopped(this.endpoint);
			}
			String problem = "Endpoint '" + this.endpoint.name() + "' could not send on its thread's socket: " + ex;
			this.statistics.sendFailed(problem);
			throw new ZmqSendException(problem, ex);
		}
		finally {
			mine.endSend();
			if (mine.interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		return true;
	}

	private void write(ThreadSocket send, byte[][] frames) {
		int last = frames.length - 1;
		int more = (last > 0) ? ZMQ.SNDMORE : 0;
		if (!send.frame(frames[0], more | ZMQ.DONTWAIT)) {
			if (this.publisher) {
				this.statistics.dropped();
				return;
			}
			awaitRoom(send, frames[0], more);
		}
		for (int i = 1; i <= last; i++) {
			// Once the first frame is in, so is the rest: the high-water mark counts
			// whole messages.
			while (!send.frame(frames[i], (i < last) ? ZMQ.SNDMORE : 0)) {
				if (this.owner.pastStopDeadline()) {
					throw failedAtShutdown();
				}
			}
		}
	}

	/**
	 * Waits, a step at a time, until the socket takes the first frame, or the send
	 * timeout or stop deadline passes.
	 */
	private void awaitRoom(ThreadSocket send, byte[] frame, int flags) {
		long deadline = System.nanoTime() + this.endpoint.settings().sendTimeout().toNanos();
		while (true) {
			if (send.interrupted) {
				throw SendPreconditions.interrupted(this.endpoint, null);
			}
			if (this.owner.pastStopDeadline()) {
				throw failedAtShutdown();
			}
			if (System.nanoTime() - deadline > 0) {
				throw SendPreconditions.noPeerTookIt(this.endpoint, this.statistics);
			}
			if (send.frame(frame, flags)) {
				return;
			}
		}
	}

	private ZmqSendException failedAtShutdown() {
		String problem = "Endpoint '" + this.endpoint.name() + "' stopped before a peer took the message";
		this.statistics.sendFailed(problem);
		return new ZmqSendException(problem + "; nothing was sent");
	}

	/**
	 * Gives the calling thread a socket of its own if there is room, or marks it to send
	 * through the endpoint's thread.
	 */
	private synchronized ThreadSocket assign() {
		if (this.closed) {
			throw SendPreconditions.stopped(this.endpoint);
		}
		Thread thread = Thread.currentThread();
		ThreadSocket result = VIA_OWNER;
		// A virtual thread often lives for one task: a socket each would be opened and
		// closed over and over.
		if (!isVirtual(thread)) {
			if (this.open.size() >= this.endpoint.maxThreadSockets()) {
				closeEnded();
			}
			if (this.open.size() < this.endpoint.maxThreadSockets()) {
				result = openFor(thread);
			}
		}
		this.assigned.set(result);
		return result;
	}

	private ThreadSocket openFor(Thread thread) {
		ZmqSocketFactory.OpenedSocket opened = null;
		// A pending interrupt would make JeroMQ's connect fail with EINTR: keep it out
		// and put it back.
		boolean interrupted = Thread.interrupted();
		try {
			for (int attempt = 1; opened == null; attempt++) {
				try {
					opened = this.socketFactory.open(this.endpoint, this.endpoint.type().jeromqType(), false);
				}
				catch (RuntimeException ex) {
					if (attempt < 3 && causedByInterrupt(ex)) {
						// One came while the socket opened: JeroMQ cleared it and closed
						// nothing shared. Again.
						interrupted = true;
						continue;
					}
					logger.warn("Endpoint '" + this.endpoint.name() + "': thread '" + thread.getName()
							+ "' could not open a socket of its own and sends through the endpoint's thread: "
							+ ex.getMessage());
					return VIA_OWNER;
				}
			}
		}
		finally {
			if (interrupted) {
				thread.interrupt();
			}
		}
		opened.socket().setSendTimeOut(SEND_STEP_MS);
		ThreadSocket socket = new ThreadSocket(thread, opened.socket(), opened.addresses());
		this.statistics.include(socket.tally());
		this.open.add(socket);
		this.count = this.open.size();
		return socket;
	}

	/**
	 * Closes the sockets whose thread has ended, at most once a second; the endpoint's
	 * thread only.
	 */
	void closeEndedPeriodically() {
		long now = System.nanoTime();
		if (now - this.lastCloseEnded > CLOSE_ENDED_INTERVAL_NANOS) {
			this.lastCloseEnded = now;
			synchronized (this) {
				closeEnded();
			}
		}
	}

	/** Closes the sockets whose thread has ended; under the lock. */
	private void closeEnded() {
		for (int i = this.open.size() - 1; i >= 0; i--) {
			ThreadSocket socket = this.open.get(i);
			// Thread termination happens-before isAlive() returning false: the thread's
			// last send is complete.
			if (socket.threadEnded() && socket.takeForClose()) {
				this.open.remove(i);
				close(socket);
			}
		}
		this.count = this.open.size();
	}

	/**
	 * Closes every socket, waiting for sends in progress (they give up at the stop
	 * deadline); no socket opens after this. Never interrupts a sending thread.
	 * @param giveUpNanos when to stop waiting for a send in progress
	 * ({@link System#nanoTime()})
	 */
	void closeAll(long giveUpNanos) {
		List<ThreadSocket> sockets;
		synchronized (this) {
			this.closed = true;
			sockets = new ArrayList<>(this.open);
			this.open.clear();
			this.count = 0;
		}
		for (ThreadSocket socket : sockets) {
			boolean taken = socket.takeForClose();
			while (!taken && System.nanoTime() - giveUpNanos < 0) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				taken = socket.takeForClose();
			}
			if (taken) {
				close(socket);
			}
			else {
				logger.warn("Endpoint '" + this.endpoint.name() + "': thread '" + socket.thread().getName()
						+ "' was still sending when the endpoint closed; its socket is left to the context shutdown");
			}
		}
	}

	private void close(ThreadSocket socket) {
		try {
			ZmqSocketFactory.close(socket.socket(), this.endpoint, socket.addresses());
		}
		catch (RuntimeException ex) {
			logger.debug("Endpoint '" + this.endpoint.name() + "': closing a thread's socket failed", ex);
		}
		finally {
			this.statistics.retire(socket.tally());
		}
	}

	private static boolean causedByInterrupt(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ZMQException zex && zex.getErrorCode() == zmq.ZError.EINTR) {
				return true;
			}
		}
		return false;
	}

	private static boolean isVirtual(Thread thread) {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invokeExact(thread);
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/**
	 * {@code Thread.isVirtual()} on Java 21 and later; {@code null} before (no virtual
	 * threads there).
	 */
	private static @Nullable MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

}
