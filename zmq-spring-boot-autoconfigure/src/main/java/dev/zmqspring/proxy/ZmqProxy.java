package dev.zmqspring.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.RefusedFrames;
import dev.zmqspring.core.OpenSignal;
import dev.zmqspring.core.PendingReopen;
import dev.zmqspring.core.SocketActivity;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqException;
import dev.zmqspring.core.ZmqSocketFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * One running device: a thread that owns the frontend, backend and optional capture
 * sockets and moves every message from each side to the other (subscriptions included,
 * for a forwarder). It stops through its poll timeout, never by interruption.
 */
public class ZmqProxy {

	private static final Log logger = LogFactory.getLog(ZmqProxy.class);

	private static final int POLL_INTERVAL_MS = ZmqSocketFactory.POLL_INTERVAL_MS;

	private final String name;

	private final ZmqProxyType type;

	private final ZmqEndpoint frontend;

	private final ZmqEndpoint backend;

	private final @Nullable ZmqEndpoint capture;

	private final ZmqSocketFactory socketFactory;

	private final EndpointStatistics statistics = new EndpointStatistics();

	/** The message being forwarded; used by the proxy's thread only. */
	private final List<byte[]> message = new ArrayList<>(4);

	private final OpenSignal opened = new OpenSignal();

	private final CountDownLatch finished = new CountDownLatch(1);

	private volatile boolean stopping;

	private volatile List<String> frontendAddresses = List.of();

	private volatile List<String> backendAddresses = List.of();

	private volatile SocketActivity frontendActivity = SocketActivity.NONE;

	private volatile SocketActivity backendActivity = SocketActivity.NONE;

	/** A request to open the sockets again, made on an I/O thread. */
	private final PendingReopen reopening = new PendingReopen();

	/**
	 * Creates a device; it opens nothing until started.
	 * @param name the device name
	 * @param type the kind of device
	 * @param frontend the frontend endpoint (its type must be
	 * {@link ZmqProxyType#frontend()})
	 * @param backend the backend endpoint (its type must be
	 * {@link ZmqProxyType#backend()})
	 * @param capture a PUB endpoint that gets a copy of every message, or {@code null}
	 * @param socketFactory the socket factory
	 */
	public ZmqProxy(String name, ZmqProxyType type, ZmqEndpoint frontend, ZmqEndpoint backend,
			@Nullable ZmqEndpoint capture, ZmqSocketFactory socketFactory) {
		this.name = name;
		this.type = type;
		this.frontend = frontend;
		this.backend = backend;
		this.capture = capture;
		this.socketFactory = socketFactory;
	}

	/**
	 * Opens the sockets and starts forwarding; returns once both sides are bound or
	 * connected.
	 */
	public void start(Duration timeout) {
		Thread thread = this.socketFactory.getThreadFactory().newSocketThread("zmq-proxy-" + this.name, this::run);
		thread.start();
		this.opened.await("Proxy '" + this.name + "'", timeout);
	}

	/** Stops forwarding and closes the sockets, waiting at most {@code timeout}. */
	public void stop(Duration timeout) {
		requestStop();
		if (!awaitStopped(timeout)) {
			logger.warn("Proxy '" + this.name + "' did not stop within " + timeout);
		}
	}

	/** Asks the device to stop forwarding and close its sockets, without waiting. */
	void requestStop() {
		this.stopping = true;
	}

	/**
	 * Waits for the device's sockets to be closed, at most {@code timeout} (zero: only
	 * looks).
	 * @return whether they are closed
	 */
	boolean awaitStopped(Duration timeout) {
		try {
			return this.finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Whether the device is forwarding. */
	public boolean isRunning() {
		return this.opened.isDone() && this.opened.getFailure() == null && this.finished.getCount() > 0
				&& !this.stopping;
	}

	/**
	 * Asks the device's thread to close its sockets and open them again on the same
	 * addresses (the ports they bound); the messages they held are lost. The thread
	 * notices it within a poll interval.
	 * @param done told on the device's thread once the sockets are open again, or could
	 * not be
	 * @return {@code false} when the device is not running or is being reopened already
	 */
	boolean requestReopen(Runnable done) {
		return this.reopening.request(done, this::isRunning, () -> this.finished.getCount() == 0);
	}

	/** Whether the device's sockets are to be opened again and are not yet. */
	boolean isReopening() {
		return this.reopening.isRequested();
	}

	/** Whether one of the device's sockets serves the endpoint. */
	boolean serves(String endpoint) {
		return this.frontend.name().equals(endpoint) || this.backend.name().equals(endpoint)
				|| (this.capture != null && this.capture.name().equals(endpoint));
	}

	/** The device name. */
	public String getName() {
		return this.name;
	}

	/** The kind of device. */
	public ZmqProxyType getType() {
		return this.type;
	}

	/** The addresses the frontend actually bound or connected. */
	public List<String> getFrontendAddresses() {
		return this.frontendAddresses;
	}

	/** The addresses the backend actually bound or connected. */
	public List<String> getBackendAddresses() {
		return this.backendAddresses;
	}

	/** The frontend endpoint. */
	public ZmqEndpoint getFrontend() {
		return this.frontend;
	}

	/** The backend endpoint. */
	public ZmqEndpoint getBackend() {
		return this.backend;
	}

	/** The frontend socket's connections, as JeroMQ reports them. */
	public SocketActivity getFrontendActivity() {
		return this.frontendActivity;
	}

	/** The backend socket's connections, as JeroMQ reports them. */
	public SocketActivity getBackendActivity() {
		return this.backendActivity;
	}

	/** Counters: received and sent count messages moved in both directions. */
	public EndpointStatistics getStatistics() {
		return this.statistics;
	}

	private void run() {
		Sockets sockets = null;
		try {
			try {
				sockets = open(false);
			}
			catch (RuntimeException ex) {
				this.opened.failed(ex);
				return;
			}
			this.opened.opened();
			forward(sockets);
			while (this.reopening.isRequested() && !this.stopping) {
				close(sockets);
				sockets = null;
				sockets = reopen();
				forward(sockets);
			}
		}
		catch (ZMQException ex) {
			if (ex.getErrorCode() != zmq.ZError.ETERM) {
				logger.error("Proxy '" + this.name + "' stopped on a socket error", ex);
				this.statistics.error(ex.toString());
			}
		}
		catch (RuntimeException ex) {
			logger.error("Proxy '" + this.name + "' stopped on an unexpected error", ex);
			this.statistics.error(ex.toString());
		}
		finally {
			if (sockets != null) {
				close(sockets);
			}
			this.finished.countDown();
			this.reopening.complete();
		}
	}

	private Sockets reopen() {
		try {
			Sockets sockets = open(true);
			logger.info("Proxy '" + this.name + "' reopened its sockets on " + this.frontendAddresses + " and "
					+ this.backendAddresses);
			return sockets;
		}
		finally {
			this.reopening.complete();
		}
	}

	/**
	 * Opens the device's sockets; again, on the addresses they had, when reopening.
	 */
	private Sockets open(boolean again) {
		ZmqSocketFactory.OpenedSocket front = open(this.frontend, this.frontendAddresses, again);
		ZmqSocketFactory.OpenedSocket back;
		ZmqSocketFactory.@Nullable OpenedSocket copy = null;
		try {
			back = open(this.backend, this.backendAddresses, again);
			try {
				copy = (this.capture != null) ? open(this.capture, this.capture.addresses(), again) : null;
			}
			catch (RuntimeException ex) {
				close(back.socket(), this.backend, back.addresses());
				throw ex;
			}
		}
		catch (RuntimeException ex) {
			close(front.socket(), this.frontend, front.addresses());
			throw ex;
		}
		this.frontendAddresses = front.addresses();
		this.backendAddresses = back.addresses();
		this.frontendActivity = front.activity();
		this.backendActivity = back.activity();
		return new Sockets(front.socket(), back.socket(), (copy != null) ? copy.socket() : null);
	}

	private ZmqSocketFactory.OpenedSocket open(ZmqEndpoint endpoint, List<String> addresses, boolean again) {
		org.zeromq.SocketType type = endpoint.type().jeromqType();
		return again ? this.socketFactory.reopen(endpoint, addresses, type, () -> this.stopping)
				: this.socketFactory.open(endpoint, type);
	}

	private void forward(Sockets sockets) {
		ZMQ.Socket front = sockets.front();
		ZMQ.Socket back = sockets.back();
		ZMQ.@Nullable Socket copy = sockets.copy();
		front.setSendTimeOut(POLL_INTERVAL_MS);
		back.setSendTimeOut(POLL_INTERVAL_MS);
		ZMQ.Poller poller = this.socketFactory.getContext().createPoller(2);
		try {
			poller.register(front, ZMQ.Poller.POLLIN);
			poller.register(back, ZMQ.Poller.POLLIN);
			while (!this.stopping && !this.reopening.isRequested()) {
				poller.poll(POLL_INTERVAL_MS);
				if (poller.pollin(0)) {
					moveAll(front, back, copy, false);
				}
				if (poller.pollin(1)) {
					moveAll(back, front, copy, this.type == ZmqProxyType.FORWARDER);
				}
			}
		}
		finally {
			poller.close();
		}
	}

	/**
	 * Forwards every message waiting on one side. A message is read whole before it is
	 * sent, so that one the receiving socket refused for its receive-buffer budget is
	 * dropped whole, never in part.
	 * @param onlySubscriptions whether only subscriptions may pass (from a forwarder's
	 * subscribers to its publishers, which as PUB sockets take nothing else: a starter's
	 * PUB drops a peer that sends it anything else, and would drop the forwarder)
	 */
	private void moveAll(ZMQ.Socket from, ZMQ.Socket to, ZMQ.@Nullable Socket copy, boolean onlySubscriptions) {
		List<byte[]> frames = this.message;
		byte[] frame;
		while (!this.stopping && !this.reopening.isRequested() && (frame = from.recv(ZMQ.DONTWAIT)) != null) {
			this.statistics.received();
			frames.clear();
			frames.add(frame);
			while (from.hasReceiveMore()) {
				frames.add(from.recv(0));
			}
			if (RefusedFrames.anyRefused(frames)) {
				this.statistics.error("A message was not forwarded: it did not fit the receiving endpoint's"
						+ " receive-buffer-budget");
				continue;
			}
			if (onlySubscriptions && !isSubscription(frames)) {
				this.statistics.error("A message a subscriber sent upstream was not forwarded: a forwarder passes on"
						+ " only subscriptions, the only messages its publishers take");
				continue;
			}
			boolean sent = true;
			for (int i = 0, last = frames.size() - 1; i <= last; i++) {
				boolean more = i < last;
				if (copy != null) {
					copy.send(frames.get(i), (more ? ZMQ.SNDMORE : 0) | ZMQ.DONTWAIT);
				}
				sent = sent && sendBlocking(to, frames.get(i), more);
			}
			frames.clear();
			if (sent) {
				this.statistics.sent();
			}
		}
	}

	/** A subscription or its withdrawal: one frame whose first byte is 1 or 0. */
	private static boolean isSubscription(List<byte[]> frames) {
		if (frames.size() != 1 || frames.get(0).length == 0) {
			return false;
		}
		byte kind = frames.get(0)[0];
		return kind == 0 || kind == 1;
	}

	/**
	 * Sends one frame, waiting in poll-sized steps while the peer side has no room, until
	 * stopped.
	 */
	private boolean sendBlocking(ZMQ.Socket to, byte[] frame, boolean more) {
		int flags = more ? ZMQ.SNDMORE : 0;
		while (!to.send(frame, flags)) {
			if (this.stopping || this.reopening.isRequested()) {
				this.statistics.sendFailed("A message was not forwarded: the proxy stopped or reopened its sockets"
						+ " while the far side was full");
				return false;
			}
		}
		return true;
	}

	private static void close(ZMQ.@Nullable Socket socket, ZmqEndpoint endpoint, List<String> addresses) {
		if (socket != null) {
			ZmqSocketFactory.close(socket, endpoint, addresses);
		}
	}

	/** Closes the device's sockets, on its own thread. */
	private void close(Sockets sockets) {
		if (sockets.copy() != null && this.capture != null) {
			close(sockets.copy(), this.capture, this.capture.addresses());
		}
		close(sockets.back(), this.backend, this.backendAddresses);
		close(sockets.front(), this.frontend, this.frontendAddresses);
	}

	/**
	 * The device's open sockets, used on its own thread only.
	 *
	 * @param front the frontend socket
	 * @param back the backend socket
	 * @param copy the capture socket, if any
	 */
	private record Sockets(ZMQ.Socket front, ZMQ.Socket back, ZMQ.@Nullable Socket copy) {
	}

}
