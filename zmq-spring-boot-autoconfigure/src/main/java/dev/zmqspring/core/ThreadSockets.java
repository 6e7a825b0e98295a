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
 * The sockets of the calling threads of one connecting endpoint with
 * {@code socket-per-thread}: each such thread gets a socket of its own on its first use
 * (through the same {@link ZmqSocketFactory}, so with the endpoint's options, customizers
 * and security check), on which it sends one-way messages ({@link ThreadSends}) or makes
 * its synchronous requests ({@link ThreadRequests}) without a hand-off to the endpoint's
 * thread. Up to {@code socket-per-thread-max} threads get one; the others, and virtual
 * threads, go through the endpoint's thread for good, so each thread's messages keep
 * their order.
 * <p>
 * No socket is ever used by two threads at once: a socket is closed by another thread
 * only after its own thread has ended, or, at shutdown, between two of its uses (see
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
	private static final ThreadSocket VIA_OWNER = new ThreadSocket(null, null, List.of(), SocketActivity.NONE);

	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

	private static final Log logger = LogFactory.getLog(ThreadSockets.class);

	private final ZmqEndpoint endpoint;

	private final ZmqSocketFactory socketFactory;

	private final SocketOwner owner;

	private final EndpointStatistics statistics;

	private final org.zeromq.SocketType socketType;

	private final ThreadLocal<ThreadSocket> assigned = new ThreadLocal<>();

	/** Guarded by {@code this}. */
	private final List<ThreadSocket> open = new ArrayList<>();

	/**
	 * Guarded by {@code this}: set once the endpoint closes; no socket opens after it.
	 */
	private volatile boolean closed;

	private volatile int count;

	/** Written by the endpoint's thread only. */
	private long lastCloseEnded = System.nanoTime();

	/**
	 * Creates the sockets of an endpoint's calling threads.
	 * @param socketType the JeroMQ type of each thread's socket
	 */
	ThreadSockets(ZmqEndpoint endpoint, ZmqSocketFactory socketFactory, SocketOwner owner,
			org.zeromq.SocketType socketType) {
		this.endpoint = endpoint;
		this.socketFactory = socketFactory;
		this.owner = owner;
		this.statistics = owner.getStatistics();
		this.socketType = socketType;
	}

	/** The endpoint's owner, whose stop deadline a thread's use gives up at. */
	SocketOwner owner() {
		return this.owner;
	}

	/** The sockets open now, one per calling thread that has one. */
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
	 * The calling thread's own socket, opened on its first call.
	 * @return {@code null} when this thread goes through the endpoint's thread instead
	 * @throws ZmqSendException when the endpoint has stopped
	 */
	@Nullable ThreadSocket callerSocket() {
		if (this.closed) {
			throw SendPreconditions.stopped(this.endpoint);
		}
		ThreadSocket mine = this.assigned.get();
		if (mine == null) {
			mine = assign();
		}
		return (mine != VIA_OWNER) ? mine : null;
	}

	/**
	 * Closes the calling thread's socket during a use of it, on that thread (a request
	 * that timed out: the Lazy Pirate's fresh socket), and gives the thread a new one in
	 * its place, unless the endpoint is closing.
	 */
	void replaceCallerSocket(ThreadSocket mine) {
		mine.closeInUse();
		close(mine);
		synchronized (this) {
			if (!this.open.contains(mine)) {
				// Taken off by closeAll: the endpoint is closing, and the thread's next
				// call fails.
				return;
			}
		}
		// Opened outside the lock, which the endpoint's thread takes too.
		ThreadSocket fresh = openFor(mine.thread());
		synchronized (this) {
			int index = this.open.indexOf(mine);
			if (index >= 0) {
				if (fresh == VIA_OWNER) {
					this.open.remove(index);
					this.count = this.open.size();
				}
				else {
					this.open.set(index, fresh);
				}
				this.assigned.set(fresh);
				return;
			}
		}
		// closeAll came first.
		if (fresh != VIA_OWNER) {
			close(fresh);
		}
	}

	/**
	 * Ends a use of the calling thread's socket; closes it when the endpoint abandoned it
	 * meanwhile (it closed while the use went on past its deadline).
	 */
	void endUse(ThreadSocket mine) {
		if (!mine.endSend()) {
			mine.closeAbandoned();
			close(mine);
		}
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
				if (result != VIA_OWNER) {
					this.open.add(result);
					this.count = this.open.size();
				}
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
					opened = this.socketFactory.open(this.endpoint, this.socketType, false);
				}
				catch (RuntimeException ex) {
					if (attempt < 3 && causedByInterrupt(ex)) {
						// One came while the socket opened: JeroMQ cleared it and closed
						// nothing shared. Again.
						interrupted = true;
						continue;
					}
					logger.warn("Endpoint '" + this.endpoint.name() + "': thread '" + thread.getName()
							+ "' could not open a socket of its own and goes through the endpoint's thread: "
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
		ThreadSocket socket = new ThreadSocket(thread, opened.socket(), opened.addresses(), opened.activity());
		this.statistics.include(socket.tally());
		return socket;
	}

	/**
	 * Closes the connections of every thread's socket, underneath JeroMQ (after an I/O
	 * thread failed while reading a frame for one of them: that one is left half-read);
	 * the sockets reconnect, and what they had in flight times out.
	 * @return how many connections were closed
	 */
	synchronized int closeConnections() {
		int closed = 0;
		for (ThreadSocket socket : this.open) {
			closed += socket.activity().closeConnections();
		}
		return closed;
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
	 * Closes every socket, waiting for uses in progress (they give up at the stop
	 * deadline); no socket opens after this. Never interrupts a calling thread.
	 * @param giveUpNanos when to stop waiting for a use in progress
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
			while (!taken && !socket.isClosed() && System.nanoTime() - giveUpNanos < 0) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				taken = socket.takeForClose();
			}
			if (!taken && !socket.isClosed() && !socket.abandon()) {
				// Its use ended just now.
				taken = socket.takeForClose();
			}
			if (taken) {
				close(socket);
			}
			else if (!socket.isClosed()) {
				logger.warn("Endpoint '" + this.endpoint.name() + "': thread '" + socket.thread().getName()
						+ "' was still using its socket when the endpoint closed; the thread closes it when its call"
						+ " ends");
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
