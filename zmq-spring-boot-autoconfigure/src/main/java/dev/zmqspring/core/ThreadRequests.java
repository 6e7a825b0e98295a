package dev.zmqspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Synchronous requests on the calling threads' own sockets of a connecting REQ or DEALER
 * endpoint ({@link ThreadSockets}, DEALER sockets): the calling thread writes the
 * request, with the same envelope as the endpoint's thread ({@link RequestEnvelope}), and
 * waits for the reply in a blocking read of its own socket, as a raw REQ socket does, so
 * that a round trip wakes no thread but the caller.
 * <p>
 * What the endpoint's thread gives its callers holds here too:
 * <ul>
 * <li>A request that times out closes the thread's socket (the Lazy Pirate's fresh
 * socket): its late reply can never reach a later call, and the next call connects
 * anew.</li>
 * <li>A reply whose id is not the one awaited is discarded and counted.</li>
 * <li>An interrupt never reaches JeroMQ's I/O: it is taken off before each use and put
 * back after, and one that comes during the wait ends that wait step only; the caller
 * gets its reply and keeps its interrupt.</li>
 * <li>When the endpoint stops, a waiting caller gets its reply until the stop deadline,
 * and fails then; the endpoint closes the socket once the caller let go of it.</li>
 * </ul>
 */
final class ThreadRequests {

	private final ThreadSockets sockets;

	private final ZmqEndpoint endpoint;

	private final SocketOwner owner;

	private final EndpointStatistics statistics;

	ThreadRequests(ThreadSockets sockets, ZmqEndpoint endpoint) {
		this.sockets = sockets;
		this.endpoint = endpoint;
		this.owner = sockets.owner();
		this.statistics = this.owner.getStatistics();
	}

	/**
	 * Makes a request on the calling thread's own socket, opened on its first request,
	 * and waits for the reply.
	 * @param frames the request's body frames
	 * @param timeout how long to wait for the reply, for the failure's message
	 * @param deadline when the request times out ({@link System#nanoTime()})
	 * @return the reply's body frames, or {@code null} when this thread makes its
	 * requests through the endpoint's thread (nothing was answered then)
	 * @throws ZmqRequestTimeoutException when no reply came in time
	 * @throws ZmqRemoteException when the server's listener failed
	 * @throws ZmqSendException when the endpoint stopped first
	 */
	byte @Nullable [][] request(byte[][] frames, Duration timeout, long deadline) {
		while (true) {
			ThreadSocket mine = this.sockets.callerSocket();
			if (mine == null) {
				return null;
			}
			Attempt attempt = new Attempt(mine);
			byte[][] reply = attempt.run(frames, deadline, timeout);
			if (reply != null) {
				return reply;
			}
			// The peer went away between two frames of the request: its socket is
			// replaced, and the request goes out whole on the next one.
		}
	}

	/** One try of a request on one socket. */
	private final class Attempt {

		private final ThreadSocket mine;

		private final ZMQ.Socket socket;

		/** Whether to close the socket after the try, rather than keep it. */
		private boolean replace;

		Attempt(ThreadSocket mine) {
			this.mine = mine;
			this.socket = mine.socket();
		}

		/**
		 * @return the reply, or {@code null} when the request could not be written whole
		 * and should be tried again on a new socket
		 */
		byte @Nullable [][] run(byte[][] frames, long deadline, Duration timeout) {
			ThreadSocket mine = this.mine;
			if (!mine.beginSend()) {
				throw SendPreconditions.stopped(ThreadRequests.this.endpoint);
			}
			// JeroMQ turns a pending interrupt into EINTR: keep it out and put it back.
			mine.interrupted = Thread.interrupted();
			try {
				long id = mine.nextRequestId();
				Written written = write(id, frames, deadline);
				if (written == Written.BROKEN) {
					this.replace = true;
					return null;
				}
				byte[][] reply = (written == Written.WHOLE) ? awaitReply(id, deadline) : null;
				if (reply == null) {
					this.replace = true;
					ThreadRequests.this.statistics.timedOut();
					throw RequestEnvelope.timeout(ThreadRequests.this.endpoint, timeout);
				}
				return reply;
			}
			catch (ZMQException ex) {
				this.replace = true;
				if (ex.getErrorCode() == zmq.ZError.ETERM) {
					throw RequestEnvelope.stopped(ThreadRequests.this.endpoint);
				}
				String problem = "Endpoint '" + ThreadRequests.this.endpoint.name()
						+ "' failed a request on its thread's socket: " + ex;
				ThreadRequests.this.statistics.sendFailed(problem);
				throw new ZmqSendException(problem, ex);
			}
			finally {
				if (this.replace) {
					ThreadRequests.this.sockets.replaceCallerSocket(mine);
				}
				else {
					ThreadRequests.this.sockets.endUse(mine);
				}
				if (mine.interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}

		private Written write(long id, byte[][] frames, long deadline) {
			byte[] idFrame = RequestEnvelope.idFrame(id);
			if (!this.mine.frame(idFrame, ZMQ.SNDMORE | ZMQ.DONTWAIT) && !awaitRoom(idFrame, deadline)) {
				return Written.NO_ROOM;
			}
			long bytes = 0;
			// Once the first frame is in, so is the rest (the high-water mark counts
			// whole messages), unless the peer's pipe ends between two frames.
			boolean whole = frame(RequestEnvelope.EMPTY, ZMQ.SNDMORE);
			for (int i = 0; whole && i < frames.length; i++) {
				whole = frame(frames[i], (i < frames.length - 1) ? ZMQ.SNDMORE : 0);
				bytes += frames[i].length;
			}
			if (!whole) {
				ThreadRequests.this.owner.logger.debug("Endpoint '" + ThreadRequests.this.endpoint.name()
						+ "' lost its peer in the middle of a request on a thread's socket; the socket is replaced and"
						+ " the request sent again");
				return Written.BROKEN;
			}
			this.mine.tally().count(bytes);
			return Written.WHOLE;
		}

		private boolean frame(byte[] frame, int flags) {
			try {
				return this.mine.frame(frame, flags | ZMQ.DONTWAIT);
			}
			catch (AssertionError ex) {
				// JeroMQ asserts (with -ea) when the pipe a message is being written to
				// ends between two of its frames; without -ea it returns false.
				return false;
			}
		}

		/**
		 * Waits, a send step at a time, until the socket takes the first frame.
		 * @return {@code false} when the request's deadline passed first
		 * @throws ZmqSendException when the endpoint's stop deadline passed first
		 */
		private boolean awaitRoom(byte[] idFrame, long deadline) {
			while (System.nanoTime() - deadline < 0) {
				if (ThreadRequests.this.owner.pastStopDeadline()) {
					throw RequestEnvelope.stopped(ThreadRequests.this.endpoint);
				}
				if (this.mine.frame(idFrame, ZMQ.SNDMORE)) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Waits for the reply to this request in a blocking read of the socket, as a raw
		 * REQ socket does: the reply wakes this thread once.
		 * @return the reply's body, or {@code null} when the deadline passed first
		 */
		private byte @Nullable [][] awaitReply(long id, long deadline) {
			while (true) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return null;
				}
				if (ThreadRequests.this.owner.pastStopDeadline()) {
					throw RequestEnvelope.stopped(ThreadRequests.this.endpoint);
				}
				// At most a poll interval at a time, to notice the endpoint's stop.
				// Once it stops, no longer than its deadline, so that this thread lets
				// go of the socket before the endpoint gives up on it.
				long until = left;
				if (ThreadRequests.this.owner.isStopping()) {
					until = Math.min(until,
							Math.max(1, ThreadRequests.this.owner.stopDeadlineNanos() - System.nanoTime()));
				}
				int waitMillis = (int) Math.min(SocketOwner.POLL_INTERVAL_MS,
						TimeUnit.NANOSECONDS.toMillis(until + 999_999));
				List<byte[]> frames = receive(waitMillis);
				if (frames != null) {
					byte[][] reply = replyTo(id, frames);
					if (reply != null) {
						return reply;
					}
				}
			}
		}

		/**
		 * Reads a message, waiting up to {@code waitMillis} for it.
		 * @return its frames, or {@code null} when none came in that time
		 */
		private @Nullable List<byte[]> receive(int waitMillis) {
			this.mine.receiveTimeout(waitMillis);
			byte[] first = frame(true);
			if (first == null) {
				// The wait ended empty: its time is up, or an interrupt cut it short
				// (keep it, and keep it away from the next wait).
				if (Thread.interrupted()) {
					this.mine.interrupted = true;
				}
				return null;
			}
			List<byte[]> frames = new ArrayList<>(3);
			frames.add(first);
			while (this.socket.hasReceiveMore()) {
				// The rest of a message is there with its first frame.
				frames.add(frame(false));
			}
			return frames;
		}

		/**
		 * Reads a frame: a message's first one waits up to the socket's receive timeout;
		 * the rest of a message is there with its first frame. An interrupt that comes
		 * first (JeroMQ takes it before reading anything) is kept; it ends the wait for a
		 * first frame, so that the caller looks at its deadlines before it waits again,
		 * and a later frame is read again.
		 * @return the frame, or {@code null} when no first frame came
		 */
		private byte @Nullable [] frame(boolean first) {
			while (true) {
				try {
					return this.socket.recv(0);
				}
				catch (ZMQException ex) {
					if (ex.getErrorCode() != zmq.ZError.EINTR) {
						throw ex;
					}
					this.mine.interrupted = true;
					Thread.interrupted();
					if (first) {
						return null;
					}
				}
			}
		}

		/**
		 * The body of a reply to this request; {@code null} for anything else, which is
		 * counted and discarded.
		 */
		private byte @Nullable [][] replyTo(long id, List<byte[]> frames) {
			EndpointStatistics statistics = ThreadRequests.this.statistics;
			ZmqEndpoint endpoint = ThreadRequests.this.endpoint;
			if (RefusedFrames.anyRefused(frames)) {
				statistics.error(RequestEnvelope.REFUSED);
				if (RequestEnvelope.refusedId(frames) == id) {
					throw RequestEnvelope.refused(endpoint);
				}
				return null;
			}
			long replyId = RequestEnvelope.idOf(frames);
			if (replyId == RequestEnvelope.NO_ID) {
				statistics.error(RequestEnvelope.withoutEnvelope(frames));
				return null;
			}
			if (replyId != id) {
				statistics.lateReply();
				return null;
			}
			statistics.received();
			byte[][] body = RequestEnvelope.body(frames);
			ZmqRemoteException failure = RequestEnvelope.failureOf(endpoint, body);
			if (failure != null) {
				throw failure;
			}
			return body;
		}

	}

	/** How much of a request went out. */
	private enum Written {

		/** All its frames. */
		WHOLE,

		/** None: the socket had no room until the deadline. */
		NO_ROOM,

		/** Part: the peer's pipe ended between two frames. */
		BROKEN

	}

}
