package dev.zmqspring.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import zmq.Options;
import zmq.SocketBase;
import zmq.io.Metadata;
import zmq.io.SessionBase;
import zmq.io.StreamEngine;
import zmq.io.mechanism.Mechanism;
import zmq.pipe.Pipe;
import zmq.pipe.YPipeBase;
import zmq.poll.Poller;

/**
 * The private fields of JeroMQ 0.6.0 that lead from an I/O thread's poller to its TCP
 * engines, and what the starter reads of each engine. Read only on the poller's own
 * thread, where JeroMQ writes them, but for {@link #ended(Pipe)}.
 */
final class EngineInternals {

	private static final Log logger = LogFactory.getLog(EngineInternals.class);

	private static final @Nullable EngineInternals instance = resolve();

	private final Field fdTable;

	private final Field handleHandler;

	private final Field handleCancelled;

	private final Field objectHandler;

	private final Field options;

	private final Field handshaking;

	private final Field mechanism;

	private final Field channel;

	private final Field socket;

	private final Field inputStopped;

	private final Field metadata;

	private final Field session;

	private final Field sessionPipe;

	private final Field pipePeer;

	private final VarHandle pipeInbound;

	private EngineInternals() throws ReflectiveOperationException {
		this.fdTable = field(Poller.class, "fdTable");
		this.handleHandler = field(Poller.Handle.class, "handler");
		this.handleCancelled = field(Poller.Handle.class, "cancelled");
		this.objectHandler = field(zmq.io.IOObject.class, "handler");
		this.options = field(StreamEngine.class, "options");
		this.handshaking = field(StreamEngine.class, "handshaking");
		this.mechanism = field(StreamEngine.class, "mechanism");
		this.channel = field(StreamEngine.class, "fd");
		this.socket = field(StreamEngine.class, "socket");
		this.inputStopped = field(StreamEngine.class, "inputStopped");
		this.metadata = field(StreamEngine.class, "metadata");
		this.session = field(StreamEngine.class, "session");
		this.sessionPipe = field(SessionBase.class, "pipe");
		this.pipePeer = field(Pipe.class, "peer");
		this.pipeInbound = MethodHandles.privateLookupIn(Pipe.class, MethodHandles.lookup())
			.findVarHandle(Pipe.class, "inpipe", YPipeBase.class);
	}

	/**
	 * The fields read, for a native image's reflection hints; the pipe's inbound end is
	 * read through a {@link VarHandle} of {@code Pipe.inpipe}.
	 */
	List<Field> fields() throws NoSuchFieldException {
		return List.of(this.fdTable, this.handleHandler, this.handleCancelled, this.objectHandler, this.options,
				this.handshaking, this.mechanism, this.channel, this.socket, this.inputStopped, this.metadata,
				this.session, this.sessionPipe, this.pipePeer, Pipe.class.getDeclaredField("inpipe"));
	}

	/**
	 * The internals, or {@code null} when they cannot be read (another JeroMQ version, a
	 * closed module); said once at WARN.
	 */
	static @Nullable EngineInternals get() {
		return instance;
	}

	private static @Nullable EngineInternals resolve() {
		try {
			return new EngineInternals();
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.warn("JeroMQ's internals are not as expected (" + ex
					+ "): connections that stall after their greeting are not dropped at"
					+ " zmq.socket.handshake-interval, only when their peer goes away, and an endpoint whose"
					+ " receive-buffer-budget is full refuses what does not fit instead of pausing its reads, and"
					+ " zmq.socket.max-message-frames and zmq.socket.subscription-budget are not enforced");
			return null;
		}
	}

	private static Field field(Class<?> type, String name) throws NoSuchFieldException {
		Field field = type.getDeclaredField(name);
		field.setAccessible(true);
		return field;
	}

	/** The poller's live TCP connections, each with the handle it is polled by. */
	List<Connection> connections(Poller poller) {
		List<Connection> connections = new ArrayList<>();
		for (Object handle : (Set<?>) read(this.fdTable, poller)) {
			if ((Boolean) read(this.handleCancelled, handle)) {
				// Removed by its engine, which JeroMQ destroyed; the poller forgets it
				// after its timers.
				continue;
			}
			Object handler = read(this.handleHandler, handle);
			if (handler instanceof zmq.io.IOObject object
					&& read(this.objectHandler, object) instanceof StreamEngine engine
					&& read(this.channel, engine) != null) {
				connections.add(new Connection((Poller.Handle) handle, engine));
			}
		}
		return connections;
	}

	List<StreamEngine> engines(Poller poller) {
		return connections(poller).stream().map(Connection::engine).toList();
	}

	Options options(StreamEngine engine) {
		return (Options) read(this.options, engine);
	}

	/**
	 * In its greeting, or past it with the mechanism still handshaking. A peer of ZMTP
	 * before 3.0 has no mechanism after its greeting.
	 */
	boolean inHandshake(StreamEngine engine) {
		if (!pastGreeting(engine)) {
			return true;
		}
		// ERROR too: a server that refused its peer keeps the connection until the peer
		// hangs up, as long as the handshake timer of libzmq would allow.
		Object mechanism = read(this.mechanism, engine);
		return mechanism instanceof Mechanism m && m.status() != Mechanism.Status.READY;
	}

	/** Whether its mechanism failed (a server that refused its peer, say). */
	boolean failed(StreamEngine engine) {
		return read(this.mechanism, engine) instanceof Mechanism m && m.status() == Mechanism.Status.ERROR;
	}

	/** Past the greeting, which JeroMQ's own handshake timer covers. */
	boolean pastGreeting(StreamEngine engine) {
		return !(Boolean) read(this.handshaking, engine);
	}

	@Nullable Object channel(StreamEngine engine) {
		return read(this.channel, engine);
	}

	/** The socket the engine reads for; {@code null} once it is unplugged. */
	@Nullable SocketBase socket(StreamEngine engine) {
		return (SocketBase) read(this.socket, engine);
	}

	/**
	 * Whether JeroMQ itself stopped reading: the socket's pipe was full (its high-water
	 * mark), and JeroMQ starts reading again when the application has taken a message.
	 */
	boolean inputStopped(StreamEngine engine) {
		return (Boolean) read(this.inputStopped, engine);
	}

	/**
	 * The metadata the engine sets on every message it reads, made when its handshake
	 * completed: one object per connection.
	 */
	@Nullable Metadata metadata(StreamEngine engine) {
		return (Metadata) read(this.metadata, engine);
	}

	/**
	 * The socket's end of the pipe the engine's session writes what it reads into: what
	 * the socket knows the connection by (a PUB socket's subscriptions are held per
	 * pipe). A connecting socket keeps the pipe when it connects again.
	 * @return the pipe, or {@code null} when the engine has no session or pipe
	 */
	@Nullable Pipe socketPipe(StreamEngine engine) {
		Object session = read(this.session, engine);
		Object pipe = (session != null) ? read(this.sessionPipe, session) : null;
		return (pipe != null) ? (Pipe) read(this.pipePeer, pipe) : null;
	}

	/**
	 * Whether the socket has let go of its end of a pipe: its last step on the socket's
	 * thread, after the socket forgot the pipe (a PUB socket, its subscriptions). Read on
	 * another thread than the one that writes it: a stale answer says it has not yet.
	 */
	boolean ended(Pipe socketEnd) {
		return this.pipeInbound.getOpaque(socketEnd) == null;
	}

	private static Object read(Field field, Object target) {
		try {
			return field.get(target);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A connection of an I/O thread: its engine, and the handle the poller has for it.
	 */
	record Connection(Poller.Handle handle, StreamEngine engine) {
	}

}
