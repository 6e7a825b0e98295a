package dev.zmqspring.actuate;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.zmqspring.core.CheckedThreadFactory;
import dev.zmqspring.core.DefaultZmqThreadFactory;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.core.ZmqThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Checks that the ZeroMQ context's I/O threads still move messages, by moving one: an
 * active probe, not a flag.
 * <p>
 * For each I/O thread of the context the probe keeps a pair of PAIR sockets joined over
 * TCP loopback, pinned to that thread with {@code ZMQ_AFFINITY}. Each {@link #probe()}
 * sends a ping from one to the other and back, and reports DOWN when it does not come
 * back within the timeout: that is what an application sees when an I/O thread is stuck
 * or dead (every TCP socket on it stops sending and receiving while the application
 * threads look fine), or when the context was closed. Inproc sockets do not use the I/O
 * threads, so the pings go over TCP.
 * <p>
 * All probe sockets live on one thread, {@code zmq-io-probe}; callers hand it a request
 * and wait for the answer, and concurrent callers share the probe in progress. A round
 * trip costs about a hundred microseconds.
 */
class ZmqIoProbe implements SmartLifecycle {

	/** Starts before the devices, senders and listeners, and stops after them. */
	public static final int PHASE = Integer.MAX_VALUE - 6000;

	private static final Log logger = LogFactory.getLog(ZmqIoProbe.class);

	private static final int POLL_INTERVAL_MS = ZmqSocketFactory.POLL_INTERVAL_MS;

	/**
	 * A new connection may need the JeroMQ handshake timer to fire once (see
	 * SocketOptionsApplier): allow for it.
	 */
	private static final Duration WARM_UP = Duration.ofSeconds(5);

	private final ZContext context;

	private final Duration timeout;

	private final BlockingQueue<CompletableFuture<Result>> requests = new LinkedBlockingQueue<>();

	private final Object lock = new Object();

	private @Nullable CompletableFuture<Result> pending;

	private volatile @Nullable Thread thread;

	private volatile boolean running;

	private volatile ZmqShutdownDeadline shutdownDeadline;

	private long sequence;

	private ZmqThreadFactory threads = DefaultZmqThreadFactory.platformThreads();

	/**
	 * Creates a probe; it opens its sockets when started.
	 * @param context the context whose I/O threads to check
	 * @param timeout how long a ping may take there and back
	 */
	public ZmqIoProbe(ZContext context, Duration timeout) {
		this.context = context;
		this.timeout = timeout;
	}

	/**
	 * Sets what creates the probe's thread, a
	 * {@linkplain ZmqThreadFactory#newSocketThread socket thread}; platform threads by
	 * default. Set before it starts.
	 * @param threadFactory the thread factory
	 */
	public void setThreadFactory(ZmqThreadFactory threadFactory) {
		this.threads = CheckedThreadFactory.of(threadFactory);
	}

	/**
	 * Sets the application's one shutdown deadline, which then also bounds the wait for
	 * the probe's thread.
	 * @param shutdownDeadline the deadline, or {@code null} to wait at most the probe's
	 * timeout
	 */
	public void setShutdownDeadline(ZmqShutdownDeadline shutdownDeadline) {
		this.shutdownDeadline = shutdownDeadline;
	}

	/**
	 * Moves a ping through every I/O thread and back.
	 * @return UP with the round-trip time, or DOWN with what went wrong; never throws
	 */
	public Result probe() {
		if (!this.running) {
			return Result.down("the I/O probe is not running (the application is stopping or not started)");
		}
		CompletableFuture<Result> request;
		synchronized (this.lock) {
			if (this.pending == null || this.pending.isDone()) {
				this.pending = new CompletableFuture<>();
				this.requests.add(this.pending);
			}
			request = this.pending;
		}
		long waitMillis = Math.max(this.timeout.toMillis(), WARM_UP.toMillis()) + 1000;
		try {
			return request.get(waitMillis, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return Result.down("the I/O probe thread did not answer within " + waitMillis + " ms");
		}
		catch (ExecutionException ex) {
			return Result.down("the I/O probe failed: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Result.down("interrupted while waiting for the I/O probe");
		}
	}

	/** How long a ping may take there and back. */
	public Duration getTimeout() {
		return this.timeout;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread probeThread = this.threads.newSocketThread("zmq-io-probe", this::run);
		this.thread = probeThread;
		probeThread.start();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		Thread probeThread = this.thread;
		if (probeThread != null) {
			try {
				// Never interrupted (JeroMQ is not interrupt-safe): it notices the flag
				// within one poll interval.
				long wait = this.timeout.toMillis() + 2L * POLL_INTERVAL_MS;
				ZmqShutdownDeadline deadline = this.shutdownDeadline;
				if (deadline != null) {
					wait = Math.min(wait, deadline.remaining(deadline.begin("the I/O probe")).toMillis());
				}
				if (wait > 0) {
					probeThread.join(wait);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void run() {
		Pair[] pairs = null;
		boolean warm = false;
		try {
			while (this.running) {
				CompletableFuture<Result> request = this.requests.poll(POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
				if (pairs == null && !this.context.isClosed()) {
					try {
						pairs = open();
						warm = false;
					}
					catch (RuntimeException ex) {
						logger.debug("The I/O probe could not open its sockets", ex);
						if (request != null) {
							request.complete(Result.down("the I/O probe could not open its sockets: " + describe(ex)));
						}
						continue;
					}
				}
				if (request == null) {
					continue;
				}
				Result result;
				if (this.context.isClosed()) {
					result = Result.down("the ZeroMQ context is closed: no socket can send or receive");
					pairs = close(pairs);
				}
				else {
					try {
						result = ping(pairs, warm ? this.timeout : max(this.timeout, WARM_UP));
						warm |= result.up();
					}
					catch (ZMQException ex) {
						result = Result.down((ex.getErrorCode() == zmq.ZError.ETERM)
								? "the ZeroMQ context is terminated: no socket can send or receive" : describe(ex));
						pairs = close(pairs);
					}
					catch (RuntimeException ex) {
						result = Result.down(describe(ex));
						pairs = close(pairs);
					}
				}
				request.complete(result);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			close(pairs);
			CompletableFuture<Result> left;
			while ((left = this.requests.poll()) != null) {
				left.complete(Result.down("the I/O probe stopped"));
			}
		}
	}

	private Pair[] open() {
		int threads = Math.max(1, Math.min(64, this.context.getIoThreads()));
		Pair[] pairs = new Pair[threads];
		try {
			for (int i = 0; i < threads; i++) {
				pairs[i] = new Pair(socket(i), socket(i));
				pairs[i].server.bind("tcp://127.0.0.1:*");
				pairs[i].client.connect(pairs[i].server.getLastEndpoint());
			}
			return pairs;
		}
		catch (RuntimeException ex) {
			close(pairs);
			throw ex;
		}
	}

	private ZMQ.Socket socket(int ioThread) {
		ZMQ.Socket socket = this.context.createSocket(SocketType.PAIR);
		socket.setLinger(0);
		socket.setAffinity(1L << ioThread);
		socket.setHandshakeIvl(1000);
		socket.setSndHWM(16);
		socket.setRcvHWM(16);
		return socket;
	}

	private Result ping(Pair[] pairs, Duration limit) {
		long start = System.nanoTime();
		long deadline = start + limit.toNanos();
		for (int i = 0; i < pairs.length; i++) {
			Pair pair = pairs[i];
			byte[] ping = ByteBuffer.allocate(Long.BYTES).putLong(++this.sequence).array();
			if (!pair.client.send(ping, ZMQ.DONTWAIT)) {
				return Result.down(ioThread(i, pairs.length) + " is not taking messages: the probe's queue is full");
			}
			if (!receive(pair.server, ping, deadline)) {
				return Result.down(ioThread(i, pairs.length) + " did not move a message over TCP loopback within "
						+ limit.toMillis() + " ms: it is stuck or dead, and so is every TCP socket it serves");
			}
			if (!pair.server.send(ping, ZMQ.DONTWAIT) || !receive(pair.client, ping, deadline)) {
				return Result.down(ioThread(i, pairs.length) + " did not move the answer back within "
						+ limit.toMillis() + " ms: it is stuck or dead, and so is every TCP socket it serves");
			}
		}
		return Result.up(Duration.ofNanos(System.nanoTime() - start), pairs.length);
	}

	/** Waits for this ping, discarding late answers to earlier probes that timed out. */
	private static boolean receive(ZMQ.Socket socket, byte[] expected, long deadline) {
		while (true) {
			long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (remainingMillis <= 0) {
				return false;
			}
			socket.setReceiveTimeOut((int) Math.min(remainingMillis, Integer.MAX_VALUE));
			byte[] received = socket.recv(0);
			if (received != null && Arrays.equals(received, expected)) {
				return true;
			}
		}
	}

	private static String ioThread(int index, int count) {
		return (count == 1) ? "The I/O thread" : "I/O thread " + (index + 1) + " of " + count;
	}

	private static Pair @Nullable [] close(Pair @Nullable [] pairs) {
		if (pairs != null) {
			for (Pair pair : pairs) {
				if (pair != null) {
					closeQuietly(pair.client);
					closeQuietly(pair.server);
				}
			}
		}
		return null;
	}

	private static void closeQuietly(ZMQ.Socket socket) {
		try {
			socket.close();
		}
		catch (RuntimeException ex) {
			// Already closed with the context.
		}
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static String describe(RuntimeException ex) {
		if (ex instanceof ZMQException zex) {
			return zmq.ZError.toString(zex.getErrorCode());
		}
		return ex.toString();
	}

	private record Pair(ZMQ.Socket server, ZMQ.Socket client) {
	}

	/**
	 * What a probe found.
	 *
	 * @param up whether every I/O thread moved the ping there and back in time
	 * @param roundTrip how long all round trips took (when up)
	 * @param ioThreads the number of I/O threads checked (when up)
	 * @param problem what went wrong (when down)
	 */
	public record Result(boolean up, @Nullable Duration roundTrip, int ioThreads, @Nullable String problem) {

		static Result up(Duration roundTrip, int ioThreads) {
			return new Result(true, roundTrip, ioThreads, null);
		}

		static Result down(String problem) {
			return new Result(false, null, 0, problem);
		}

	}

}
