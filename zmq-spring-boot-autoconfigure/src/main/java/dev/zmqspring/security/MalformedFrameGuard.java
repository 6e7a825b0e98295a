package dev.zmqspring.security;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.zmqspring.core.RepeatLimitedLog;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketCustomizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.ZMQ;
import zmq.Msg;
import zmq.msg.MsgAllocator;

/**
 * Guards every network socket against input that JeroMQ 0.6.0 handles badly on its own.
 * <p>
 * <b>Frames with a negative length</b> (JeroMQ issue #1005). JeroMQ reads a frame's
 * 8-byte length as a signed number, lets a negative one pass the maximum-size check and
 * allocates a message of that size: the {@code NegativeArraySizeException} ends the
 * context's I/O thread, after which no socket on it receives anything from anyone. One
 * unauthenticated TCP packet does it, even to a CURVE socket (frames are decoded during
 * the handshake too). The fix exists only on JeroMQ's master branch. The decoder takes
 * every message buffer from the socket's {@link MsgAllocator}, so this customizer gives
 * every network socket an allocator that answers a negative size with a stand-in that
 * reads nothing more from the wire (see {@link NegativeLengthStandIn}): JeroMQ drops the
 * peer, and no byte of it reaches the application. Every other size is allocated as
 * JeroMQ would. Each such frame is counted ({@link #getNegativeFrames()}) and logged at
 * WARN, at most once a minute per endpoint.
 * <p>
 * <b>Greetings of ZMTP before 3.0.</b> A socket without a ZAP domain takes any first byte
 * that is not a ZMTP 3 signature for the unversioned protocol of ZeroMQ 2, cancels its
 * handshake timer and waits for frames: an HTTP request, a TLS hello or random bytes then
 * hold the connection open for as long as the peer likes, and may even be decoded as
 * messages. JeroMQ refuses ZMTP 1.0 and 2.0 peers on a socket with a ZAP domain, so this
 * customizer gives every binding network socket that has none the domain
 * {@value ZapAuthenticator#UNSECURED_DOMAIN}: such peers are dropped during their
 * greeting, and counted and logged as rejected connections. Peers of libzmq 3.x (2012)
 * and older can no longer connect. When a ZAP handler runs in the context (the starter's,
 * for CURVE servers), JeroMQ asks it about NULL-mechanism peers of these sockets too; the
 * starter's {@link ZapAuthenticator} admits them. Connecting sockets are left as they
 * are: JeroMQ gives up on an address for good after such a protocol error, and a client
 * should come back when its server does.
 */
public final class MalformedFrameGuard implements ZmqSocketCustomizer {

	private static final Log logger = LogFactory.getLog(MalformedFrameGuard.class);

	private final AtomicLong negativeFrames = new AtomicLong();

	/**
	 * One hostile peer can send such frames as fast as it likes: each endpoint's line at
	 * most once an interval.
	 */
	private final RepeatLimitedLog log;

	/** Logs each endpoint's negative frames at most once a minute. */
	public MalformedFrameGuard() {
		this(Duration.ofMinutes(1));
	}

	/**
	 * @param logInterval the shortest time between two log lines about one endpoint;
	 * every frame is counted regardless
	 */
	public MalformedFrameGuard(Duration logInterval) {
		this.log = new RepeatLimitedLog(logger, logInterval);
	}

	@Override
	public void customize(ZmqEndpoint endpoint, ZMQ.Socket socket) {
		if (endpoint.addresses().stream().allMatch(address -> address.startsWith("inproc://"))) {
			// inproc:// carries messages, not bytes: no decoder runs.
			return;
		}
		socket.setMsgAllocator(new GuardedAllocator(endpoint.name(), this.negativeFrames, this.log));
		String domain = socket.getZapDomain();
		if (endpoint.bind() && (domain == null || domain.isEmpty())) {
			socket.setZapDomain(ZapAuthenticator.UNSECURED_DOMAIN);
		}
	}

	/**
	 * How many frames with a negative length peers have sent since startup, over all
	 * endpoints.
	 */
	public long getNegativeFrames() {
		return this.negativeFrames.get();
	}

	/** Runs on JeroMQ's I/O thread: allocates, counts and logs, never throws. */
	private static final class GuardedAllocator implements MsgAllocator {

		private final String endpoint;

		private final AtomicLong negativeFrames;

		private final RepeatLimitedLog log;

		GuardedAllocator(String endpoint, AtomicLong negativeFrames, RepeatLimitedLog log) {
			this.endpoint = endpoint;
			this.negativeFrames = negativeFrames;
			this.log = log;
		}

		@Override
		public Msg allocate(int size) {
			if (size >= 0) {
				return zmq.ZMQ.DEFAULT_MSG_ALLOCATOR.allocate(size);
			}
			this.negativeFrames.incrementAndGet();
			this.log.warn("Endpoint '" + this.endpoint + "' received a frame with a negative length from a peer"
					+ " (JeroMQ issue #1005); the frame is discarded, the peer dropped, and the socket keeps serving"
					+ " its other peers");
			return new NegativeLengthStandIn();
		}

	}

	/**
	 * What the decoder gets instead of a message of negative size: a ZMTP 3.1 PING
	 * command, as if the peer had sent one with a heartbeat TTL of 100 ms (one tenth of a
	 * second, the smallest ZMTP can say). Its {@link #buf()}, which the decoder fills
	 * from the wire, is empty, so nothing more is read into it. During the handshake
	 * JeroMQ refuses it as an unexpected command and drops the peer at once. After the
	 * handshake JeroMQ answers with a PONG and arms the TTL timer, which drops the peer
	 * 100 ms later; only another frame from the peer before then would keep it (and that
	 * frame is judged like any other). Nothing of it reaches the application: JeroMQ
	 * never hands commands to a socket.
	 */
	private static final class NegativeLengthStandIn extends Msg {

		/**
		 * {@code PING} as a ZMTP command name (length-prefixed), then the TTL in tenths
		 * of a second.
		 */
		private static final byte[] PING_WITH_SHORTEST_TTL = { 4, 'P', 'I', 'N', 'G', 0, 1 };

		NegativeLengthStandIn() {
			super(ByteBuffer.wrap(PING_WITH_SHORTEST_TTL.clone()));
			setFlags(Msg.COMMAND);
		}

		@Override
		public ByteBuffer buf() {
			return ByteBuffer.allocate(0);
		}

	}

}
