package dev.zmqspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import dev.zmqspring.event.ZmqEventPublisher;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Opens sockets for endpoints: creates the socket, applies every option and customizer,
 * lets the {@link ZmqSocketSecurityCheck} look at the result, then binds or connects.
 * Call it on the thread that will own the socket.
 */
public class ZmqSocketFactory {

	/**
	 * How long starting a listener, sender or device waits for its thread to bind or
	 * connect. Opening a socket is local work (a connect does not wait for the peer), so
	 * this only guards against a thread that never runs.
	 */
	public static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * How often a thread that owns sockets looks at its stop flag while it waits on them.
	 * Not a latency: messages wake such a thread at once. Shared by listeners, senders,
	 * devices and the operations threads.
	 */
	public static final int POLL_INTERVAL_MS = 100;

	private static final Duration REBIND_GRACE = Duration.ofSeconds(1);

	private static final Duration REBIND_STEP = Duration.ofMillis(20);

	private final ZContext context;

	private final List<ZmqSocketCustomizer> customizers;

	private final ZmqSocketSecurityCheck securityCheck;

	private final ConnectionRejections rejections;

	private volatile @Nullable ZmqEventPublisher eventPublisher;

	private volatile ZmqThreadFactory threadFactory = CheckedThreadFactory
		.of(DefaultZmqThreadFactory.platformThreads());

	/**
	 * A factory whose sockets may not be CURVE or PLAIN servers
	 * ({@link ZmqSocketSecurityCheck#REFUSE_UNAUTHENTICATED_SERVERS}).
	 * @param context the context sockets are created in
	 * @param customizers applied in order to every socket opened for an endpoint
	 */
	public ZmqSocketFactory(ZContext context, List<ZmqSocketCustomizer> customizers) {
		this(context, customizers, ZmqSocketSecurityCheck.REFUSE_UNAUTHENTICATED_SERVERS, new ConnectionRejections());
	}

	/**
	 * @param context the context sockets are created in
	 * @param customizers applied in order to every socket opened for an endpoint
	 * @param securityCheck looks at every such socket after the customizers, before it
	 * binds or connects
	 * @param rejections where binding sockets report connections they dropped because the
	 * peer broke the protocol
	 */
	public ZmqSocketFactory(ZContext context, List<ZmqSocketCustomizer> customizers,
			ZmqSocketSecurityCheck securityCheck, ConnectionRejections rejections) {
		this.context = context;
		this.customizers = List.copyOf(customizers);
		this.securityCheck = securityCheck;
		this.rejections = rejections;
	}

	/**
	 * Sets where the sockets opened from now on report connects, disconnects and bind
	 * failures.
	 * @param eventPublisher the publisher, or {@code null} for none
	 */
	public void setEventPublisher(@Nullable ZmqEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Sets what creates the threads that own this factory's sockets and the threads of
	 * the listeners, senders and devices that use it. Set before any of them starts.
	 * @param threadFactory the thread factory
	 */
	public void setThreadFactory(ZmqThreadFactory threadFactory) {
		this.threadFactory = CheckedThreadFactory.of(threadFactory);
	}

	/**
	 * What creates the threads of the sockets opened by this factory, and of their
	 * listeners, senders and devices; what it returns is checked (a new, unstarted
	 * thread, a platform thread for sockets).
	 * @return the thread factory
	 */
	public ZmqThreadFactory getThreadFactory() {
		return this.threadFactory;
	}

	/**
	 * Where binding sockets report connections they dropped because the peer broke the
	 * protocol.
	 */
	public ConnectionRejections getConnectionRejections() {
		return this.rejections;
	}

	/** The context sockets are created in. */
	public ZContext getContext() {
		return this.context;
	}

	/**
	 * Opens a socket for an endpoint.
	 * @param endpoint the endpoint
	 * @param jeromqType the JeroMQ type actually created (a REP listener, for example,
	 * runs on a ROUTER socket)
	 * @return the socket, bound or connected, with the addresses it actually bound and
	 * its {@link SocketActivity}
	 * @throws ZmqBindException when an address cannot be bound or connected; the socket
	 * is closed then
	 */
	public OpenedSocket open(ZmqEndpoint endpoint, org.zeromq.SocketType jeromqType) {
		return open(endpoint, jeromqType, true);
	}

	/**
	 * Opens a socket for an endpoint again, after its earlier socket was closed: on the
	 * addresses that socket had (the ports it bound, also those the system chose). A bind
	 * is tried again for up to {@link #OPEN_TIMEOUT} while the port is still in use:
	 * JeroMQ releases the old socket's ports on its I/O thread, which may be slow to get
	 * to it (the heap full, say).
	 * @param endpoint the endpoint
	 * @param addresses the addresses the earlier socket had
	 * @param jeromqType the JeroMQ type actually created
	 * @param cancelled whether to stop trying (the application is closing, say)
	 * @return the socket, bound or connected
	 * @throws ZmqBindException when an address cannot be bound or connected in that time
	 */
	public OpenedSocket reopen(ZmqEndpoint endpoint, List<String> addresses, org.zeromq.SocketType jeromqType,
			BooleanSupplier cancelled) {
		ZmqEndpoint openAs = endpoint.bind() ? endpoint.withAddresses(addresses) : endpoint;
		long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
		while (true) {
			try {
				return open(openAs, jeromqType);
			}
			catch (ZmqBindException ex) {
				if (!(ex.getCause() instanceof ZMQException cause) || cause.getErrorCode() != zmq.ZError.EADDRINUSE
						|| System.nanoTime() - deadline > 0 || cancelled.getAsBoolean()) {
					throw ex;
				}
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_INTERVAL_MS));
		}
	}

	/**
	 * Opens a socket for an endpoint.
	 * @param endpoint the endpoint
	 * @param jeromqType the JeroMQ type actually created
	 * @param watchForPeers whether a connecting socket warns when it has no peer for the
	 * endpoint's {@code peer-wait-warning}; {@code false} for the extra sockets of one
	 * endpoint (socket per thread), whose own socket already warns
	 * @return the socket, bound or connected
	 */
	OpenedSocket open(ZmqEndpoint endpoint, org.zeromq.SocketType jeromqType, boolean watchForPeers) {
		ZMQ.Socket socket = this.context.createSocket(jeromqType);
		try {
			SocketOptionsApplier.apply(socket, endpoint, jeromqType);
			for (ZmqSocketCustomizer customizer : this.customizers) {
				customizer.customize(endpoint, socket);
			}
			// After every customizer, whatever its order: any of them may have changed
			// the socket's mechanism.
			this.securityCheck.check(endpoint, socket);
			SocketActivity activity = SocketActivity.follow(socket, endpoint, this.eventPublisher, this.rejections,
					this.context.getThreadFactory() instanceof ResumingIoThreads);
			List<String> actual = new ArrayList<>();
			for (String address : endpoint.addresses()) {
				try {
					actual.add(endpoint.bind() ? bind(socket, endpoint, address) : connect(socket, endpoint, address));
				}
				catch (ZmqBindException ex) {
					activity.bindFailed(address, ex.getMessage());
					throw ex;
				}
			}
			if (watchForPeers) {
				activity.watchForPeers(endpoint);
			}
			return new OpenedSocket(socket, actual, activity);
		}
		catch (RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * Opens an internal socket on an {@code inproc://} address, with the endpoint's
	 * options.
	 */
	public ZMQ.Socket openInternal(ZmqEndpoint endpoint, org.zeromq.SocketType jeromqType, String inprocAddress,
			boolean bind) {
		ZMQ.Socket socket = this.context.createSocket(jeromqType);
		SocketOptionsApplier.apply(socket, endpoint, jeromqType);
		if (bind) {
			socket.bind(inprocAddress);
		}
		else {
			socket.connect(inprocAddress);
		}
		return socket;
	}

	private static String bind(ZMQ.Socket socket, ZmqEndpoint endpoint, String address) {
		try {
			bindAllowingForARecentClose(socket, address);
			String last = socket.getLastEndpoint();
			return (last != null) ? last : address;
		}
		catch (ZMQException | IllegalArgumentException ex) {
			String fix = address.startsWith("tcp://")
					? "; choose a free port in " + endpoint.settingName("bind")
							+ " (or tcp://127.0.0.1:* to let the system choose) or stop the process that holds it"
					: "; another socket of this process already binds it: give each binding socket its own address";
			throw new ZmqBindException("Endpoint '" + endpoint.name() + "' (" + endpoint.type() + ") could not bind "
					+ address + ": " + describe(ex) + fix, ex);
		}
	}

	/**
	 * Binds, trying again for a short while when the address is still in use: JeroMQ
	 * releases an address in its I/O thread after the socket that held it closed, so a
	 * listener stopped and started again at once (from Actuator, say) could otherwise
	 * find its own old binding. An address that stays taken still fails after the grace
	 * period.
	 */
	private static void bindAllowingForARecentClose(ZMQ.Socket socket, String address) {
		long deadline = System.nanoTime() + REBIND_GRACE.toNanos();
		while (true) {
			try {
				socket.bind(address);
				return;
			}
			catch (ZMQException ex) {
				if (ex.getErrorCode() != zmq.ZError.EADDRINUSE || System.nanoTime() - deadline > 0) {
					throw ex;
				}
				java.util.concurrent.locks.LockSupport.parkNanos(REBIND_STEP.toNanos());
			}
		}
	}

	/**
	 * Closes a socket on its owner thread, first releasing the addresses it bound: JeroMQ
	 * would otherwise release them later on its own threads, and the endpoint could not
	 * bind them again at once.
	 * @param socket the socket
	 * @param endpoint its endpoint
	 * @param addresses the addresses it actually bound or connected
	 */
	public static void close(ZMQ.Socket socket, ZmqEndpoint endpoint, List<String> addresses) {
		if (endpoint.bind()) {
			for (String address : addresses) {
				try {
					socket.unbind(address);
				}
				catch (RuntimeException ex) {
					// Closing anyway: the context releases the address when it reaps the
					// socket.
				}
			}
		}
		socket.close();
	}

	private static String connect(ZMQ.Socket socket, ZmqEndpoint endpoint, String address) {
		try {
			socket.connect(address);
			return address;
		}
		catch (ZMQException | IllegalArgumentException ex) {
			throw new ZmqBindException(
					"Endpoint '" + endpoint.name() + "' (" + endpoint.type() + ") could not connect to " + address
							+ ": " + describe(ex) + "; check " + endpoint.settingName("connect"),
					ex);
		}
	}

	private static String describe(RuntimeException ex) {
		if (ex instanceof ZMQException zex) {
			return zmq.ZError.toString(zex.getErrorCode()) + " (" + ErrorCodeNames.of(zex.getErrorCode()) + ")";
		}
		return String.valueOf(ex.getMessage());
	}

	/**
	 * A socket and the addresses it is bound to or connected to. For a bind on port
	 * {@code *} the address holds the port the system chose.
	 *
	 * @param socket the socket
	 * @param addresses the actual addresses
	 * @param activity its connections, as JeroMQ reports them
	 */
	public record OpenedSocket(ZMQ.Socket socket, List<String> addresses, SocketActivity activity) {

		public OpenedSocket(ZMQ.Socket socket, List<String> addresses) {
			this(socket, addresses, SocketActivity.NONE);
		}

	}

}
