package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.SocketActivity;
import dev.zmqspring.core.ZmqBindException;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.OpenSignal;
import dev.zmqspring.core.ZmqException;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.event.ZmqEvent;
import dev.zmqspring.event.ZmqEventPublisher;
import dev.zmqspring.event.ZmqListenerContainerFailedEvent;
import dev.zmqspring.event.ZmqListenerContainerStartedEvent;
import dev.zmqspring.event.ZmqListenerContainerStoppedEvent;
import dev.zmqspring.support.ZmqMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Runs one listener on one endpoint: a thread that owns the endpoint's socket and, with
 * concurrency above 1, worker threads fed by it. Kept in the
 * {@link ZmqListenerEndpointRegistry} by id, not as a bean; the registry drives its
 * {@link SmartLifecycle} methods with the application's.
 * <p>
 * {@link #stop()} lets the message in hand finish (within {@code zmq.shutdown-timeout},
 * shared with the rest of the shutdown when the application closes) and closes the socket
 * on its own thread; no thread is ever interrupted. {@link #pause()} stops reading
 * without closing the socket, so messages wait in ZeroMQ's queues (up to the high-water
 * mark) and senders feel the back-pressure.
 * <p>
 * A REP listener runs on a ROUTER socket: REQ clients cannot tell the difference, but a
 * failing listener can no longer wedge the REP state machine, and replies can be sent
 * from worker threads' hand-offs.
 */
public class ZmqListenerContainer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ZmqListenerContainer.class);

	private static final Duration REOPEN_RETRY = Duration.ofMillis(100);

	private final String id;

	private final ZmqEndpoint endpoint;

	private final int concurrency;

	private final boolean autoStartup;

	private final MessageProcessor processor;

	private final ZmqSocketFactory socketFactory;

	private final ZmqShutdownDeadline shutdownDeadline;

	private final EndpointStatistics statistics;

	private volatile @Nullable Run current;

	private volatile State state = State.STOPPED;

	/**
	 * How many times the container was asked to stop; read and written under its lock.
	 */
	private long stopRequests;

	/** The activity of the socket being replaced while {@link #reopen()} runs. */
	private volatile @Nullable SocketActivity reopenedActivity;

	private volatile @Nullable ZmqEventPublisher eventPublisher;

	private final @Nullable GroupSubscription subscription;

	ZmqListenerContainer(String id, ZmqEndpoint endpoint, int concurrency, boolean autoStartup,
			MessageProcessor processor, EndpointStatistics statistics, ZmqSocketFactory socketFactory,
			ZmqShutdownDeadline shutdownDeadline, @Nullable GroupSubscription subscription) {
		this.subscription = subscription;
		this.id = id;
		this.endpoint = endpoint;
		this.concurrency = concurrency;
		this.autoStartup = autoStartup;
		this.processor = processor;
		this.statistics = statistics;
		this.socketFactory = socketFactory;
		this.shutdownDeadline = shutdownDeadline;
	}

	@Override
	public int getPhase() {
		return ZmqListenerEndpointRegistry.PHASE;
	}

	/**
	 * Opens the socket and starts receiving. Returns once the socket is bound or
	 * connected.
	 * @throws dev.zmqspring.core.ZmqBindException when the socket cannot bind or connect
	 */
	@Override
	public synchronized void start() {
		State now = getState();
		if (now == State.RUNNING || now == State.PAUSED) {
			return;
		}
		start(this.endpoint);
	}

	private void start(ZmqEndpoint openAs) {
		Run run = new Run(openAs);
		this.current = run;
		run.start();
		this.state = State.RUNNING;
		publish(new ZmqListenerContainerStartedEvent(this));
	}

	/**
	 * Closes the socket and opens a new one on the same addresses (a port the system
	 * chose is kept): every connection is dropped and its peer reconnects, and the
	 * messages ZeroMQ had queued for the old socket and not yet handed over are lost. A
	 * paused container stays paused. Does nothing unless the container is running or
	 * paused. The starter calls it when JeroMQ's I/O thread failed while reading a frame
	 * for this endpoint, to get rid of the connection the failure left half-read. A stop
	 * meanwhile (from Actuator, or the application closing) cancels the reopening.
	 * @return whether the socket was opened again ({@code false} when the container was
	 * not running, or was stopped or started by someone else meanwhile)
	 * @throws dev.zmqspring.core.ZmqBindException when the socket cannot be opened again
	 */
	public boolean reopen() {
		List<String> addresses;
		boolean paused;
		long stops;
		synchronized (this) {
			Run run = this.current;
			if (run == null || (this.state != State.RUNNING && this.state != State.PAUSED)) {
				return false;
			}
			addresses = run.addresses;
			paused = this.state == State.PAUSED;
			stops = this.stopRequests;
			this.reopenedActivity = run.activity;
		}
		try {
			return reopen(addresses, paused, stops);
		}
		finally {
			this.reopenedActivity = null;
		}
	}

	private boolean reopen(List<String> addresses, boolean paused, long stops) {
		if (!stop(stops)) {
			return false;
		}
		ZmqEndpoint openAs = this.endpoint.bind() ? this.endpoint.withAddresses(addresses) : this.endpoint;
		// JeroMQ releases the old socket's addresses on its I/O thread, which may be slow
		// to get to it (the heap full, say): the bind is tried again for a while, without
		// holding the lock, so that a stop is never kept waiting.
		long deadline = System.nanoTime() + ZmqSocketFactory.OPEN_TIMEOUT.toNanos();
		while (true) {
			synchronized (this) {
				if (this.stopRequests != stops || this.state != State.STOPPED) {
					// Stopped on purpose meanwhile (Actuator, the application closing),
					// or
					// started again by someone else.
					return false;
				}
				try {
					start(openAs);
					if (paused) {
						pause();
					}
					return true;
				}
				catch (ZmqBindException ex) {
					if (!(ex.getCause() instanceof ZMQException cause) || cause.getErrorCode() != zmq.ZError.EADDRINUSE
							|| System.nanoTime() - deadline > 0) {
						throw ex;
					}
				}
			}
			LockSupport.parkNanos(REOPEN_RETRY.toNanos());
		}
	}

	/**
	 * Stops receiving, lets the messages in hand finish and closes the socket: waits at
	 * most {@code zmq.shutdown-timeout}, or what is left of it when the application is
	 * closing.
	 */
	@Override
	public void stop() {
		stop(-1);
	}

	/**
	 * @param reopening for the stop of {@link #reopen()}: the count of stop requests it
	 * saw, so that it does nothing when another stop (or a stop and a start) came first;
	 * -1 for a stop on purpose
	 * @return whether this stopped the container
	 */
	private boolean stop(long reopening) {
		Run run;
		synchronized (this) {
			if (reopening < 0) {
				this.stopRequests++;
			}
			else if (this.stopRequests != reopening) {
				return false;
			}
			run = this.current;
			if (run == null || this.state == State.STOPPED) {
				return false;
			}
			this.state = State.STOPPED;
		}
		long deadline = this.shutdownDeadline.begin("listener '" + this.id + "'");
		run.control.stop(deadline);
		if (!run.await(this.shutdownDeadline.remaining(deadline))) {
			logger.warn("Listener '" + this.id + "' did not finish its message within zmq.shutdown-timeout ("
					+ this.shutdownDeadline.getTimeout() + "); a listener method may be stuck. Its thread is left"
					+ " running (never interrupted) and its socket to the context's close");
		}
		publish(new ZmqListenerContainerStoppedEvent(this));
		return true;
	}

	/**
	 * Closes the TCP connections of the container's socket underneath JeroMQ, and those
	 * of the socket a reopening is replacing, which takes connections until it is closed.
	 * For {@link ListenerReopener}, on the I/O thread that failed.
	 */
	void closeConnections() {
		SocketActivity replaced = this.reopenedActivity;
		if (replaced != null) {
			replaced.closeConnections();
		}
		getActivity().closeConnections();
	}

	/**
	 * Asks the container to stop without waiting; see {@link #awaitStopped(Duration)}.
	 */
	void requestStop(long deadlineNanos) {
		Run run;
		synchronized (this) {
			this.stopRequests++;
			run = this.current;
			if (run == null || this.state == State.STOPPED) {
				return;
			}
			this.state = State.STOPPED;
		}
		run.control.stop(deadlineNanos);
	}

	boolean awaitStopped(Duration timeout) {
		Run run = this.current;
		return run == null || run.await(timeout);
	}

	/**
	 * Stops taking messages off the socket; the socket stays open and messages queue up
	 * in ZeroMQ.
	 */
	public synchronized void pause() {
		if (this.state == State.RUNNING) {
			this.current.control.pause();
			this.state = State.PAUSED;
		}
	}

	/** Takes messages off the socket again after {@link #pause()}. */
	public synchronized void resume() {
		if (this.state == State.PAUSED) {
			this.current.control.resume();
			this.state = State.RUNNING;
		}
	}

	/** Whether the container is started (running or paused) and its thread is alive. */
	@Override
	public boolean isRunning() {
		State now = getState();
		return now == State.RUNNING || now == State.PAUSED;
	}

	/**
	 * Hands a message to this container's listener on the calling thread, as if it had
	 * been received again: used to replay a dead letter. The socket is not involved.
	 * @param headers the message's headers
	 * @param payload the payload frame
	 * @return what the listener returned
	 * @throws Exception what the listener threw
	 */
	public @Nullable Object replay(java.util.Map<String, String> headers, byte[] payload) throws Exception {
		ZmqMessage message = new ZmqMessage(java.util.List.of(payload), 0, null, payload, this.endpoint.name(),
				this.endpoint.type().name(), headers);
		return this.processor.invokeDirectly(message);
	}

	/** Whether the container is paused. */
	public boolean isPaused() {
		return getState() == State.PAUSED;
	}

	/**
	 * The current state; {@link State#FAILED} when the receiving thread ended on an error
	 * or the last start could not open the socket.
	 */
	public State getState() {
		Run run = this.current;
		if (run != null && (run.failure != null || run.opened.getFailure() != null)) {
			return State.FAILED;
		}
		return this.state;
	}

	/** The container id. */
	public String getId() {
		return this.id;
	}

	/** The endpoint. */
	public ZmqEndpoint getEndpoint() {
		return this.endpoint;
	}

	/**
	 * The subscription group this listener is a member of (a durable topic's subscriber),
	 * or {@code null}.
	 */
	public @Nullable String getGroup() {
		GroupSubscription member = this.subscription;
		return (member != null) ? member.group() : null;
	}

	/** The number of threads that process messages. */
	public int getConcurrency() {
		return this.concurrency;
	}

	/** Whether the registry starts this container with the application. */
	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * The addresses actually bound or connected while running (a bind on port {@code *}
	 * shows the chosen port).
	 */
	public List<String> getAddresses() {
		Run run = this.current;
		return (run != null) ? run.addresses : List.of();
	}

	/** Live counters. */
	public EndpointStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * The error that ended the receiving thread or made the last start fail, or
	 * {@code null}.
	 */
	public @Nullable Throwable getFailure() {
		Run run = this.current;
		if (run == null) {
			return null;
		}
		return (run.failure != null) ? run.failure : run.opened.getFailure();
	}

	/**
	 * The socket's connections (peers connected now, last connection error) while
	 * started.
	 */
	public SocketActivity getActivity() {
		Run run = this.current;
		return (run != null) ? run.activity : SocketActivity.NONE;
	}

	/**
	 * Sets who is told how long each message took; metrics use it. {@code null} turns it
	 * off.
	 * @param observer the observer, or {@code null}
	 */
	public void setListenerObserver(@Nullable ZmqListenerObserver observer) {
		this.processor.setObserver(observer);
	}

	/**
	 * Sets where the container publishes its started, stopped and failed events.
	 * @param eventPublisher the publisher, or {@code null} for none
	 */
	public void setEventPublisher(@Nullable ZmqEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	private void publish(ZmqEvent event) {
		ZmqEventPublisher publisher = this.eventPublisher;
		if (publisher != null) {
			publisher.publish(event);
		}
	}

	private ReceiveLoop newLoop(LoopControl control) {
		if (this.subscription != null) {
			return new GroupFetchLoop(this.id, this.endpoint, this.subscription, this.concurrency, control,
					this.processor, this.statistics, this.socketFactory.getThreadFactory());
		}
		if (this.concurrency == 1) {
			TransactionBatch batch = (this.endpoint.type() == ZmqSocketType.ROUTER)
					? TransactionBatch.of(this.processor) : null;
			if (batch != null) {
				return new BatchingReceiveLoop(control, batch, this.statistics);
			}
			return this.processor.repliesLater()
					? new LaterReplyReceiveLoop(control, this.processor, this.statistics,
							this.socketFactory.getContext(), this.endpoint.settings().receiveBufferBudget())
					: new DirectReceiveLoop(control, this.processor, this.statistics);
		}
		return new DispatchingReceiveLoop(this.id, this.endpoint, this.concurrency, control, this.processor,
				this.statistics, this.socketFactory);
	}

	private SocketType socketType() {
		if (this.subscription != null) {
			return SocketType.DEALER;
		}
		return (this.endpoint.type() == ZmqSocketType.REP) ? SocketType.ROUTER : this.endpoint.type().jeromqType();
	}

	/** The states of a container. */
	public enum State {

		/** Not receiving; the socket is closed. */
		STOPPED,
		/** Receiving. */
		RUNNING,
		/** Started, socket open, not taking messages. */
		PAUSED,
		/**
		 * The receiving thread ended on an unexpected error, or the socket could not be
		 * opened.
		 */
		FAILED

	}

	/** One start-to-stop run: its thread, its control flags, its socket's addresses. */
	private final class Run {

		private final ZmqEndpoint openAs;

		private final LoopControl control = new LoopControl();

		private final OpenSignal opened = new OpenSignal();

		private final CountDownLatch finished = new CountDownLatch(1);

		private volatile @Nullable Throwable failure;

		private volatile List<String> addresses = List.of();

		private volatile SocketActivity activity = SocketActivity.NONE;

		Run(ZmqEndpoint openAs) {
			this.openAs = openAs;
		}

		void start() {
			// Not a daemon: an application that only listens keeps running, like any
			// server.
			Thread thread = ZmqListenerContainer.this.socketFactory.getThreadFactory()
				.newSocketThread("zmq-listener-" + ZmqListenerContainer.this.id, this::run);
			thread.setDaemon(false);
			thread.start();
			this.opened.await("Listener '" + ZmqListenerContainer.this.id + "'", ZmqSocketFactory.OPEN_TIMEOUT);
		}

		/**
		 * Waits for the thread to close the socket, at most {@code timeout} (zero: only
		 * looks).
		 */
		boolean await(Duration timeout) {
			try {
				return this.finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		private void run() {
			ZMQ.Socket socket;
			try {
				ZmqSocketFactory.OpenedSocket open = ZmqListenerContainer.this.socketFactory.open(this.openAs,
						socketType());
				socket = open.socket();
				this.addresses = open.addresses();
				this.activity = open.activity();
			}
			catch (RuntimeException ex) {
				this.opened.failed(ex);
				this.finished.countDown();
				return;
			}
			this.opened.opened();
			try {
				newLoop(this.control).run(socket);
			}
			catch (ZMQException ex) {
				if (ex.getErrorCode() != zmq.ZError.ETERM) {
					fail(ex);
				}
			}
			catch (RuntimeException | Error ex) {
				fail(ex);
			}
			finally {
				ZmqSocketFactory.close(socket, ZmqListenerContainer.this.endpoint, this.addresses);
				this.finished.countDown();
			}
		}

		private void fail(Throwable ex) {
			this.failure = ex;
			ZmqListenerContainer.this.statistics.error("The receiving thread stopped: " + ex);
			logger.error("Listener '" + ZmqListenerContainer.this.id + "' stopped receiving on an unexpected error",
					ex);
			publish(new ZmqListenerContainerFailedEvent(ZmqListenerContainer.this, ex));
		}

	}

}
