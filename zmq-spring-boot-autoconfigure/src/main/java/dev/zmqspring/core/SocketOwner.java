package dev.zmqspring.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A thread that owns one socket from creation to close: it opens the socket, runs a loop,
 * and closes the socket, so that no other thread ever touches it. Stopping never
 * interrupts the thread (JeroMQ is not interrupt-safe); the loop notices
 * {@link #isStopping()} within one poll interval.
 */
abstract class SocketOwner {

	/**
	 * How often a waiting owner thread looks at its stop flag. Not a latency: messages
	 * wake it at once.
	 */
	static final int POLL_INTERVAL_MS = ZmqSocketFactory.POLL_INTERVAL_MS;

	protected final Log logger = LogFactory.getLog(getClass());

	protected final ZmqEndpoint endpoint;

	protected final EndpointStatistics statistics = new EndpointStatistics();

	private final ZmqSocketFactory socketFactory;

	private final OpenSignal opened = new OpenSignal();

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile @Nullable Thread thread;

	private volatile boolean stopping;

	private volatile long stopDeadlineNanos;

	private volatile List<String> addresses = List.of();

	private volatile SocketActivity activity = SocketActivity.NONE;

	/** A request to open the socket again, made on an I/O thread. */
	private final PendingReopen reopening = new PendingReopen();

	SocketOwner(ZmqEndpoint endpoint, ZmqSocketFactory socketFactory) {
		this.endpoint = endpoint;
		this.socketFactory = socketFactory;
	}

	/**
	 * Starts the owner thread and waits until the socket is bound or connected.
	 * @throws ZmqBindException when the socket cannot be opened
	 */
	void start(String threadName, Duration timeout) {
		Thread owner = this.socketFactory.getThreadFactory().newSocketThread(threadName, this::run);
		this.thread = owner;
		owner.start();
		this.opened.await("Endpoint '" + this.endpoint.name() + "'", timeout);
	}

	/**
	 * Asks the loop to finish and waits for the socket to be closed, at most
	 * {@code timeout}. Messages still queued are sent until then.
	 * @return whether the thread finished in time
	 */
	boolean stop(Duration timeout) {
		requestStop(System.nanoTime() + timeout.toNanos());
		return awaitStopped(timeout);
	}

	/**
	 * Asks the loop to finish; queued work may go on until the deadline
	 * ({@link System#nanoTime()}).
	 */
	void requestStop(long deadlineNanos) {
		this.stopDeadlineNanos = deadlineNanos;
		this.stopping = true;
	}

	/**
	 * Waits for the socket to be closed, at most {@code timeout} and a poll interval or
	 * two for the loop to notice; a zero timeout (the shutdown deadline has passed) only
	 * looks. Never interrupts the owner thread.
	 */
	boolean awaitStopped(Duration timeout) {
		Thread owner = this.thread;
		if (owner == null || owner == Thread.currentThread()) {
			return true;
		}
		try {
			// The loop notices its deadline at its next poll: allow for that before
			// calling it stuck.
			long grace = timeout.isZero() ? 0 : 2L * POLL_INTERVAL_MS;
			boolean done = this.finished.await(timeout.toMillis() + grace, TimeUnit.MILLISECONDS);
			if (!done) {
				this.logger.warn("Endpoint '" + this.endpoint.name() + "' did not close its socket within"
						+ " zmq.shutdown-timeout; its queued messages are lost and its socket is left to the context's"
						+ " close");
			}
			return done;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	boolean isStopping() {
		return this.stopping;
	}

	/**
	 * Asks the owner thread to close its socket and open a new one on the same addresses
	 * (the ports it bound): what the old socket held for its peers is lost, what waits in
	 * the sender's own queue is sent on the new one. The loop notices it as soon as it is
	 * free (within a poll interval when idle).
	 * @param done told once the new socket is open, could not be, or the owner thread
	 * ended first
	 * @return {@code false} when the owner thread is not running, or is being reopened
	 * already
	 */
	boolean requestReopen(Runnable done) {
		return this.reopening.request(done, this::isRunning, () -> this.finished.getCount() == 0);
	}

	/** Whether the loop should return, for its socket to be opened again. */
	boolean reopenRequested() {
		return this.reopening.isRequested();
	}

	/** The stop deadline ({@link System#nanoTime()}); only meaningful once stopping. */
	long stopDeadlineNanos() {
		return this.stopDeadlineNanos;
	}

	/** Whether the stop deadline has passed (only meaningful once stopping). */
	boolean pastStopDeadline() {
		return this.stopping && System.nanoTime() - this.stopDeadlineNanos > 0;
	}

	/**
	 * Whether the owner thread runs and has not been asked to stop; {@code false} once it
	 * ended on an error.
	 */
	public boolean isRunning() {
		return this.thread != null && this.finished.getCount() > 0 && !this.stopping;
	}

	/** The socket's connections, as JeroMQ reports them. */
	public SocketActivity getActivity() {
		return this.activity;
	}

	/** The addresses actually bound or connected. */
	public List<String> getAddresses() {
		return this.addresses;
	}

	/** The endpoint. */
	public ZmqEndpoint getEndpoint() {
		return this.endpoint;
	}

	/** The endpoint's counters. */
	public EndpointStatistics getStatistics() {
		return this.statistics;
	}

	/** The context, for pollers. */
	org.zeromq.ZContext context() {
		return this.socketFactory.getContext();
	}

	/**
	 * The sockets that calling threads have of their own ({@code socket-per-thread}), or
	 * {@code null}.
	 */
	@Nullable ThreadSockets threadSockets() {
		return null;
	}

	/**
	 * Closes the connections of the sockets that calling threads have of their own,
	 * underneath JeroMQ.
	 */
	void closeThreadSocketConnections() {
		ThreadSockets sockets = threadSockets();
		if (sockets != null) {
			sockets.closeConnections();
		}
	}

	/**
	 * The sockets that calling threads have of their own now
	 * ({@code zmq.endpoints.<name>.socket-per-thread}); 0 when every thread goes through
	 * the endpoint's thread.
	 */
	public int getThreadSockets() {
		ThreadSockets sockets = threadSockets();
		return (sockets != null) ? sockets.count() : 0;
	}

	/** The JeroMQ type to create. */
	abstract org.zeromq.SocketType socketType();

	private void failed(String what, Throwable ex) {
		this.statistics.error(ex.toString());
		if (pastStopDeadline()) {
			// Abandoned at shutdown: the context was closed under the loop (JeroMQ then
			// fails in its own code), which the stop has already reported.
			this.logger.warn("Endpoint '" + this.endpoint.name() + "' ended after zmq.shutdown-timeout, when the"
					+ " ZeroMQ context closed under it (" + ex + ")");
			return;
		}
		this.logger.error("Endpoint '" + this.endpoint.name() + "' " + what, ex);
	}

	/** Runs until {@link #isStopping()} and the work in hand is done. */
	abstract void loop(ZMQ.Socket socket) throws Exception;

	/** Called on the owner thread after the loop, before the socket closes. */
	void afterLoop() {
	}

	private void run() {
		ZMQ.@Nullable Socket socket;
		try {
			socket = open();
		}
		catch (RuntimeException ex) {
			this.opened.failed(ex);
			this.finished.countDown();
			return;
		}
		this.opened.opened();
		try {
			loop(socket);
			while (this.reopening.isRequested() && !this.stopping) {
				ZmqSocketFactory.close(socket, this.endpoint, this.addresses);
				socket = null;
				socket = reopen();
				loop(socket);
			}
		}
		catch (ZMQException ex) {
			if (ex.getErrorCode() != zmq.ZError.ETERM) {
				failed("stopped on a socket error", ex);
			}
		}
		catch (Throwable ex) {
			failed("stopped on an unexpected error", ex);
		}
		finally {
			try {
				afterLoop();
			}
			finally {
				if (socket != null) {
					ZmqSocketFactory.close(socket, this.endpoint, this.addresses);
				}
				this.finished.countDown();
				this.reopening.complete();
			}
		}
	}

	private ZMQ.Socket open() {
		ZmqSocketFactory.OpenedSocket open = this.socketFactory.open(this.endpoint, socketType());
		this.addresses = open.addresses();
		this.activity = open.activity();
		return open.socket();
	}

	/** Opens the socket again on the addresses the old one had. */
	private ZMQ.Socket reopen() {
		try {
			ZmqSocketFactory.OpenedSocket open = this.socketFactory.reopen(this.endpoint, this.addresses, socketType(),
					this::isStopping);
			this.addresses = open.addresses();
			this.activity = open.activity();
			this.logger.info("Endpoint '" + this.endpoint.name() + "' reopened its socket on " + this.addresses);
			return open.socket();
		}
		finally {
			this.reopening.complete();
		}
	}

}
