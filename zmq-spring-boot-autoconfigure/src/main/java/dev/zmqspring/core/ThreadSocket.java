package dev.zmqspring.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * One calling thread's own socket on an endpoint with {@code socket-per-thread}. Only
 * that thread sends (and, for requests, receives) on it, between {@link #beginSend()} and
 * {@link #endSend()}. Any other thread that closes it (the endpoint's thread when the
 * calling thread has ended or the endpoint stops) first takes it with
 * {@link #takeForClose()}: that succeeds only between two uses, and marks the socket
 * closed so that its thread never uses it again. The atomic state is the hand-over:
 * everything the calling thread did to the socket happens-before the close. The thread
 * itself may close it during a use ({@link #closeInUse()}), to replace it.
 */
final class ThreadSocket {

	private static final int IDLE = 0;

	private static final int SENDING = 1;

	private static final int CLOSED = 2;

	/** In use, and to be closed by its own thread when the use ends. */
	private static final int ABANDONED = 3;

	private final AtomicInteger state = new AtomicInteger(IDLE);

	private final Thread thread;

	private final ZMQ.Socket socket;

	private final List<String> addresses;

	private final SocketActivity activity;

	private final ThreadTally tally = new ThreadTally();

	/**
	 * During a send, on its thread only: whether the thread was or got interrupted
	 * (JeroMQ clears the flag).
	 */
	boolean interrupted;

	/** During a send, on its thread only: bytes of the frames written so far. */
	long bytes;

	/** The last request id used on the socket; on its thread only. */
	private long requests;

	/** The receive timeout set on the socket, -2 before any; on its thread only. */
	private int receiveTimeout = -2;

	ThreadSocket(Thread thread, ZMQ.Socket socket, List<String> addresses, SocketActivity activity) {
		this.thread = thread;
		this.socket = socket;
		this.addresses = addresses;
		this.activity = activity;
	}

	/** The thread this socket belongs to. */
	Thread thread() {
		return this.thread;
	}

	/**
	 * The socket; only between {@link #beginSend()} and {@link #endSend()}, on
	 * {@link #thread()}.
	 */
	ZMQ.Socket socket() {
		return this.socket;
	}

	List<String> addresses() {
		return this.addresses;
	}

	/** The socket's connections; any thread may close them. */
	SocketActivity activity() {
		return this.activity;
	}

	ThreadTally tally() {
		return this.tally;
	}

	/**
	 * Marks the socket in use by its thread.
	 * @return {@code false} when it has been closed; the thread must not touch it then
	 */
	boolean beginSend() {
		// A plain compare-and-set: the only other writer is a closer, which runs at most
		// once per socket.
		return this.state.compareAndSet(IDLE, SENDING);
	}

	/**
	 * Ends a send begun with {@link #beginSend()}.
	 * @return {@code false} when a closer abandoned the socket meanwhile
	 * ({@link #abandon()}): its thread closes it now, and never uses it again
	 */
	boolean endSend() {
		// Everything this use did to the socket happens-before a closer's take.
		return this.state.compareAndSet(SENDING, IDLE);
	}

	/**
	 * Leaves a socket that is in use to its thread, which closes it when the use ends:
	 * for a closer that cannot wait any longer.
	 * @return {@code false} when it is not in use (take it with {@link #takeForClose()})
	 */
	boolean abandon() {
		return this.state.compareAndSet(SENDING, ABANDONED);
	}

	/** Marks an abandoned socket closed, by its thread, which closes it next. */
	void closeAbandoned() {
		this.state.set(CLOSED);
	}

	/**
	 * Marks the socket closed by its own thread, during a use (begun with
	 * {@link #beginSend()}); the thread closes it next and never uses it again.
	 */
	void closeInUse() {
		this.state.set(CLOSED);
	}

	/**
	 * Whether the socket has been taken for closing, or closed by its thread (not while
	 * abandoned: it is in use still).
	 */
	boolean isClosed() {
		return this.state.get() == CLOSED;
	}

	/**
	 * Sets the socket's receive timeout, when it is not that already; on its thread only.
	 */
	void receiveTimeout(int millis) {
		if (this.receiveTimeout != millis) {
			this.socket.setReceiveTimeOut(millis);
			this.receiveTimeout = millis;
		}
	}

	/** The id of the thread's next request; on its thread only. */
	long nextRequestId() {
		return ++this.requests;
	}

	/**
	 * Takes the socket from its thread so that another thread may close it.
	 * @return {@code true} when taken (its thread will never use it again), {@code false}
	 * while a send is in progress
	 */
	boolean takeForClose() {
		return this.state.compareAndSet(IDLE, CLOSED);
	}

	/**
	 * Sends a frame, between {@link #beginSend()} and {@link #endSend()} on its thread.
	 * @return {@code false} when the socket has no room (after waiting up to its send
	 * timeout, unless DONTWAIT)
	 */
	boolean frame(byte[] frame, int flags) {
		while (true) {
			try {
				if (!this.socket.send(frame, flags)) {
					return false;
				}
				this.bytes += frame.length;
				return true;
			}
			catch (ZMQException ex) {
				if (ex.getErrorCode() != zmq.ZError.EINTR) {
					throw ex;
				}
				// An interrupt came during the send: JeroMQ cleared it and sent nothing.
				// Keep it, try again, however often interrupts come (a socket in use is
				// never closed under its thread, so EINTR means an interrupt).
				this.interrupted = true;
			}
		}
	}

	/**
	 * Whether its thread has ended (after which nothing can be in progress on the
	 * socket).
	 */
	boolean threadEnded() {
		return !this.thread.isAlive();
	}

}
