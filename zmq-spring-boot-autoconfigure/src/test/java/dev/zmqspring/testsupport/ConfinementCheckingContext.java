package dev.zmqspring.testsupport;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A {@link ZContext} whose sockets record every breach of thread confinement, for tests
 * that declare it as the application's context bean: a socket used by a thread other than
 * the one that created it, used by two threads at once, or closed by another thread while
 * its own thread is still inside JeroMQ. A socket may be closed by another thread once
 * its own thread has let go of it (ended, or waiting outside JeroMQ): the hand-over the
 * starter makes for the sockets of ended threads and at shutdown.
 * <p>
 * Checked on the socket calls the starter makes: sends, receives, polls through
 * {@link ZMQ.Socket#base()}, options and close.
 */
public final class ConfinementCheckingContext extends ZContext {

	private final List<String> breaches = new CopyOnWriteArrayList<>();

	private final AtomicInteger created = new AtomicInteger();

	private final Set<ZMQ.Socket> registered;

	public ConfinementCheckingContext() {
		super(1);
		this.registered = registeredSockets(this);
	}

	/** What went wrong, one line a breach; empty when every socket kept to its thread. */
	public List<String> breaches() {
		return this.breaches;
	}

	/** How many sockets were created through this context. */
	public int created() {
		return this.created.get();
	}

	@Override
	public ZMQ.Socket createSocket(SocketType type) {
		CheckedSocket socket = new CheckedSocket(this, type);
		// What ZContext itself does for its sockets: its linger, and closing what is left
		// at its close (the starter sets the high-water marks).
		socket.setLinger(getLinger());
		this.registered.add(socket);
		this.created.incrementAndGet();
		return socket;
	}

	@SuppressWarnings("unchecked")
	private static Set<ZMQ.Socket> registeredSockets(ZContext context) {
		try {
			Field field = ZContext.class.getDeclaredField("sockets");
			field.setAccessible(true);
			return (Set<ZMQ.Socket>) field.get(context);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("JeroMQ's ZContext changed: cannot register checked sockets", ex);
		}
	}

	private final class CheckedSocket extends ZMQ.Socket {

		private final Thread owner = Thread.currentThread();

		private final SocketType type;

		private final AtomicReference<Thread> user = new AtomicReference<>();

		private int depth;

		CheckedSocket(ZContext context, SocketType type) {
			super(context, type);
			this.type = type;
		}

		private void enter(String call) {
			Thread current = Thread.currentThread();
			if (current != this.owner) {
				breach(call + " on a " + this.type + " socket of thread '" + this.owner.getName() + "' by thread '"
						+ current.getName() + "'");
			}
			if (!this.user.compareAndSet(null, current) && this.user.get() != current) {
				breach(call + " on a " + this.type + " socket by thread '" + current.getName() + "' while thread '"
						+ this.user.get() + "' was using it");
			}
			if (this.user.get() == current) {
				this.depth++;
			}
		}

		private void exit() {
			if (this.user.get() == Thread.currentThread() && --this.depth == 0) {
				this.user.set(null);
			}
		}

		private void breach(String description) {
			ConfinementCheckingContext.this.breaches.add(description);
		}

		@Override
		public boolean send(byte[] data, int flags) {
			enter("send");
			try {
				return super.send(data, flags);
			}
			finally {
				exit();
			}
		}

		@Override
		public byte[] recv(int flags) {
			enter("recv");
			try {
				return super.recv(flags);
			}
			finally {
				exit();
			}
		}

		@Override
		public boolean hasReceiveMore() {
			enter("hasReceiveMore");
			try {
				return super.hasReceiveMore();
			}
			finally {
				exit();
			}
		}

		@Override
		public zmq.SocketBase base() {
			// A poll goes through the SocketBase: its caller must own the socket.
			enter("base");
			exit();
			return super.base();
		}

		@Override
		public void close() {
			Thread current = Thread.currentThread();
			if (current != this.owner && this.owner.isAlive() && insideJeroMq(this.owner)) {
				breach("close of a " + this.type + " socket of thread '" + this.owner.getName() + "' by thread '"
						+ current.getName() + "' while its own thread was inside JeroMQ");
			}
			Thread using = this.user.get();
			if (using != null && using != current) {
				breach("close of a " + this.type + " socket by thread '" + current.getName() + "' while thread '"
						+ using.getName() + "' was using it");
			}
			super.close();
		}

		private static boolean insideJeroMq(Thread thread) {
			for (StackTraceElement frame : thread.getStackTrace()) {
				if (frame.getClassName().startsWith("zmq.") || frame.getClassName().startsWith("org.zeromq.")) {
					return true;
				}
			}
			return false;
		}

	}

}
