package dev.zmqspring.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.core.CheckedThreadFactory;
import dev.zmqspring.core.DefaultZmqThreadFactory;
import dev.zmqspring.core.RepeatLimitedLog;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The ZAP handler (ZeroMQ RFC 27) of a context: decides, for every CURVE client that
 * connects to a server socket of this context, whether it may in. JeroMQ admits ANY
 * client of a CURVE server when no handler is bound, so this one is bound before any
 * server socket opens, and it fails closed: a request for a domain it has no policy for,
 * for another mechanism than CURVE, from a refused address or with a key not in the
 * allow-list is refused. Each refusal is logged (with the client's address and public
 * key, never a secret) and counted.
 * <p>
 * Clients that never reach the ZAP step (a plain-text client, a client that expects
 * another server key, a malformed handshake) are dropped by JeroMQ; the server socket's
 * event hook reports them to {@link ConnectionRejections}, which logs them, and through
 * {@link #connectionRejected} they are counted here as refusals too.
 * <p>
 * One thread owns the handler's socket, bound once per context at {@value #ZAP_ADDRESS};
 * each server socket names its endpoint as ZAP domain, which selects the endpoint's
 * policy. The starter's other binding sockets carry the domain {@value #UNSECURED_DOMAIN}
 * (see {@link MalformedFrameGuard}): their NULL-mechanism peers are admitted.
 */
final class ZapAuthenticator implements SmartLifecycle, DisposableBean {

	/** The address every ZeroMQ socket asks for authentication. */
	public static final String ZAP_ADDRESS = "inproc://zeromq.zap.01";

	/**
	 * The ZAP domain of the starter's binding sockets without CURVE. It only makes JeroMQ
	 * refuse peers that speak ZMTP before 3.0; this handler admits every NULL-mechanism
	 * peer of this domain.
	 */
	public static final String UNSECURED_DOMAIN = "zmq-spring-boot.unsecured";

	private static final Log logger = LogFactory.getLog(ZapAuthenticator.class);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	/**
	 * A refused client retries every reconnect interval: each distinct refusal is logged
	 * once a minute at most.
	 */
	private final RepeatLimitedLog refusalLog = new RepeatLimitedLog(logger, Duration.ofMinutes(1));

	private final ZContext context;

	private final Map<String, EndpointSecurity> servers;

	private final AuthenticationStatistics statistics;

	private final ZmqShutdownDeadline shutdownDeadline;

	private final @Nullable ConnectionRejections rejections;

	private ZmqThreadFactory threads = DefaultZmqThreadFactory.platformThreads();

	private volatile boolean running;

	private @Nullable Thread thread;

	private @Nullable CountDownLatch stopped;

	/**
	 * @param context the context whose server sockets this handler authenticates
	 * @param servers the policies of the server endpoints, by endpoint name
	 * @param statistics where admissions and refusals are counted
	 * @param shutdownDeadline the application's one shutdown deadline, which bounds the
	 * wait for the handler's thread
	 */
	public ZapAuthenticator(ZContext context, Map<String, EndpointSecurity> servers,
			AuthenticationStatistics statistics, ZmqShutdownDeadline shutdownDeadline) {
		this(context, servers, statistics, shutdownDeadline, null);
	}

	/**
	 * @param context the context whose server sockets this handler authenticates
	 * @param servers the policies of the server endpoints, by endpoint name
	 * @param statistics where admissions and refusals are counted
	 * @param shutdownDeadline the application's one shutdown deadline, which bounds the
	 * wait for the handler's thread
	 * @param rejections where refusals are counted as rejected connections of their
	 * endpoint too, or {@code null}
	 */
	public ZapAuthenticator(ZContext context, Map<String, EndpointSecurity> servers,
			AuthenticationStatistics statistics, ZmqShutdownDeadline shutdownDeadline,
			@Nullable ConnectionRejections rejections) {
		this.context = context;
		this.servers = Map.copyOf(servers);
		this.statistics = statistics;
		this.shutdownDeadline = shutdownDeadline;
		this.rejections = rejections;
	}

	/**
	 * Sets what creates the handler's thread, a
	 * {@linkplain ZmqThreadFactory#newSocketThread socket thread}; platform threads by
	 * default. Set before it starts.
	 * @param threadFactory the thread factory
	 */
	public void setThreadFactory(ZmqThreadFactory threadFactory) {
		this.threads = CheckedThreadFactory.of(threadFactory);
	}

	/**
	 * Binds the handler's socket and starts answering requests; returns once the socket
	 * is bound, so that server sockets opened afterwards are authenticated from their
	 * first client on. Does nothing when already running or when there is no server
	 * endpoint to authenticate for (the address stays free for other handlers).
	 * @throws ZmqSecurityException when the address is taken (another ZAP handler, such
	 * as JeroMQ's ZAuth, runs in the same context)
	 */
	@Override
	public synchronized void start() {
		if (this.running || this.servers.isEmpty()) {
			return;
		}
		CountDownLatch bound = new CountDownLatch(1);
		RuntimeException[] failure = new RuntimeException[1];
		CountDownLatch done = new CountDownLatch(1);
		this.running = true;
		Thread handler = this.threads.newSocketThread("zmq-zap-authenticator", () -> run(bound, failure, done));
		handler.start();
		try {
			if (!bound.await(30, TimeUnit.SECONDS)) {
				this.running = false;
				throw new ZmqSecurityException("The ZAP authenticator did not bind " + ZAP_ADDRESS + " within 30s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
			throw new ZmqSecurityException("Interrupted while starting the ZAP authenticator", ex);
		}
		if (failure[0] != null) {
			this.running = false;
			throw failure[0];
		}
		this.thread = handler;
		this.stopped = done;
	}

	/**
	 * Whether the handler is bound and answering: server sockets may only open while it
	 * is.
	 */
	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Counts a client that a server endpoint dropped before the ZAP step could admit it:
	 * one that did not complete its greeting (a plain-text client), sent none in time, or
	 * failed the CURVE handshake (a client that expects another server key).
	 * {@link ConnectionRejections} has logged it already. Refusals by this handler are
	 * counted where they are decided; other endpoints are not this handler's business.
	 * @param endpoint the endpoint name
	 * @param reason why the connection was dropped
	 */
	public void connectionRejected(String endpoint, ConnectionRejections.Reason reason) {
		boolean beforeAdmission = reason == ConnectionRejections.Reason.GREETING
				|| reason == ConnectionRejections.Reason.HANDSHAKE_TIMEOUT
				|| reason == ConnectionRejections.Reason.PROTOCOL;
		if (beforeAdmission && this.servers.containsKey(endpoint)) {
			this.statistics.rejected(endpoint);
		}
	}

	/** The counts of admitted and refused clients. */
	public AuthenticationStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * Stops last among the starter's lifecycles: server sockets close before their
	 * authenticator.
	 */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE + 1000;
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		// Never interrupt a thread inside JeroMQ: the loop sees the flag within one poll
		// interval.
		this.running = false;
		long deadline = this.shutdownDeadline.begin("the ZAP authenticator");
		try {
			if (!this.stopped.await(this.shutdownDeadline.remaining(deadline).toNanos(), TimeUnit.NANOSECONDS)) {
				logger.warn("The ZAP authenticator did not stop within zmq.shutdown-timeout ("
						+ this.shutdownDeadline.getTimeout() + "); its socket is left to the context's close");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void destroy() {
		// Only runs when the application closes: share the deadline even when no
		// lifecycle stop came first.
		this.shutdownDeadline.closing();
		stop();
	}

	private void run(CountDownLatch bound, RuntimeException[] failure, CountDownLatch done) {
		ZMQ.Socket socket = null;
		try {
			socket = this.context.createSocket(SocketType.REP);
			socket.setLinger(0);
			try {
				socket.bind(ZAP_ADDRESS);
			}
			catch (ZMQException ex) {
				failure[0] = new ZmqSecurityException("Cannot bind the ZAP authenticator to " + ZAP_ADDRESS + " ("
						+ zmq.ZError.toString(ex.getErrorCode())
						+ "): another ZAP handler, such as JeroMQ's ZAuth, already runs"
						+ " in this ZeroMQ context; use either it or zmq.security.endpoints.*, not both", ex);
				return;
			}
			finally {
				bound.countDown();
			}
			ZMQ.Poller poller = this.context.createPoller(1);
			poller.register(socket, ZMQ.Poller.POLLIN);
			try {
				while (this.running) {
					if (poller.poll(POLL_INTERVAL.toMillis()) > 0 && poller.pollin(0)) {
						answer(socket);
					}
				}
			}
			finally {
				poller.close();
			}
		}
		catch (ZMQException ex) {
			// The context was terminated under us (the application is going down).
			logger.debug("ZAP authenticator stopped: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("The ZAP authenticator failed; secured server sockets now refuse every client", ex);
		}
		finally {
			if (socket != null) {
				try {
					socket.close();
				}
				catch (RuntimeException ex) {
					logger.debug("Closing the ZAP socket failed", ex);
				}
			}
			this.running = false;
			done.countDown();
		}
	}

	private void answer(ZMQ.Socket socket) {
		List<byte[]> frames = new ArrayList<>();
		do {
			byte[] frame = socket.recv(ZMQ.DONTWAIT);
			if (frame == null) {
				break;
			}
			frames.add(frame);
		}
		while (socket.hasReceiveMore());
		String requestId = (frames.size() > 1) ? text(frames.get(1)) : "";
		String refusal = decide(frames);
		boolean accepted = refusal == null;
		socket.sendMore("1.0");
		socket.sendMore(requestId);
		socket.sendMore(accepted ? "200" : "400");
		socket.sendMore(accepted ? "OK" : refusal);
		// The user id: the client's public key for CURVE (set by decide), nothing for
		// NULL.
		socket.sendMore((accepted && frames.size() > 6) ? text(frames.get(6)) : "");
		socket.send(new byte[0]);
	}

	/**
	 * Why a request is refused, or {@code null} to admit the client. Logs and counts
	 * CURVE decisions.
	 */
	private @Nullable String decide(List<byte[]> frames) {
		if (frames.size() < 6 || !"1.0".equals(text(frames.get(0)))) {
			logger.warn("Refused a malformed ZAP request (" + frames.size() + " frames)");
			return "malformed request";
		}
		String domain = text(frames.get(2));
		String address = text(frames.get(3));
		String mechanism = text(frames.get(5));
		if (UNSECURED_DOMAIN.equals(domain) && "NULL".equals(mechanism)) {
			// A socket the application did not secure: the domain is only there to refuse
			// pre-3.0 ZMTP peers.
			return null;
		}
		EndpointSecurity policy = this.servers.get(domain);
		if (policy == null) {
			return refuse(domain, address, "no zmq.security policy for ZAP domain '" + domain
					+ "' (a CURVE or PLAIN server socket not configured through zmq.security.endpoints)");
		}
		if (!"CURVE".equals(mechanism) || frames.size() < 7 || frames.get(6).length != ZMQ.Curve.KEY_SIZE) {
			return refuse(domain, address, "it uses the " + mechanism + " mechanism, this endpoint requires CURVE");
		}
		String refusedAddress = policy.addresses().refusal(address);
		if (refusedAddress != null) {
			return refuse(domain, address, refusedAddress + " of " + policy.configuredAt());
		}
		String clientKey = CurveKeys.z85(frames.get(6));
		if (!policy.allowList().allows(clientKey)) {
			return refuse(domain, address, "its public key " + clientKey + " is not in " + policy.configuredAt()
					+ ".allowed-client-keys(-directory)");
		}
		this.statistics.accepted(domain);
		if (logger.isDebugEnabled()) {
			logger.debug("Endpoint '" + domain + "' admitted CURVE client " + clientKey + " from " + address);
		}
		frames.set(6, clientKey.getBytes(StandardCharsets.UTF_8));
		return null;
	}

	private String refuse(String endpoint, String address, String reason) {
		this.statistics.rejected(endpoint);
		if (this.rejections != null && this.servers.containsKey(endpoint)) {
			this.rejections.authenticationRefused(endpoint);
		}
		this.refusalLog.warn("Endpoint '" + endpoint + "' refused a client from " + address + ": " + reason);
		return "refused";
	}

	private static String text(byte[] frame) {
		return new String(frame, StandardCharsets.UTF_8);
	}

}
