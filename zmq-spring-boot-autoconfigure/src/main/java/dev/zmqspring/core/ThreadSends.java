package dev.zmqspring.core;

import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * One-way sends on the calling threads' own sockets of a connecting PUSH or PUB endpoint
 * with {@code socket-per-thread} ({@link ThreadSockets}): a thread that has a socket
 * writes its message on it directly, waiting for room up to the send timeout.
 */
final class ThreadSends {

	private final ThreadSockets sockets;

	private final ZmqEndpoint endpoint;

	private final EndpointStatistics statistics;

	private final boolean publisher;

	ThreadSends(ThreadSockets sockets, ZmqEndpoint endpoint) {
		this.sockets = sockets;
		this.endpoint = endpoint;
		this.statistics = sockets.owner().getStatistics();
		this.publisher = endpoint.type() == ZmqSocketType.PUB;
	}

	/**
	 * Sends on the calling thread's own socket, opening it on the thread's first send.
	 * @return {@code false} when this thread sends through the endpoint's thread instead
	 * @throws ZmqSendException when no peer took the message within the send timeout, the
	 * thread was interrupted while it waited for one, or the endpoint stopped
	 */
	boolean send(byte[][] frames) {
		ThreadSocket mine = this.sockets.callerSocket();
		if (mine == null) {
			return false;
		}
		if (!mine.beginSend()) {
			throw SendPreconditions.stopped(this.endpoint);
		}
		// JeroMQ turns a pending interrupt into EINTR and clears it, on every send: keep
		// it out and put it back.
		mine.interrupted = Thread.interrupted();
		mine.bytes = 0;
		try {
			write(mine, frames);
			mine.tally().count(mine.bytes);
		}
		catch (ZMQException ex) {
			if (ex.getErrorCode() == zmq.ZError.ETERM) {
				throw SendPreconditions.stopped(this.endpoint);
			}
			String problem = "Endpoint '" + this.endpoint.name() + "' could not send on its thread's socket: " + ex;
			this.statistics.sendFailed(problem);
			throw new ZmqSendException(problem, ex);
		}
		finally {
			this.sockets.endUse(mine);
			if (mine.interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		return true;
	}

	private void write(ThreadSocket send, byte[][] frames) {
		int last = frames.length - 1;
		int more = (last > 0) ? ZMQ.SNDMORE : 0;
		if (!send.frame(frames[0], more | ZMQ.DONTWAIT)) {
			if (this.publisher) {
				this.statistics.dropped();
				return;
			}
			awaitRoom(send, frames[0], more);
		}
		for (int i = 1; i <= last; i++) {
			// Once the first frame is in, so is the rest: the high-water mark counts
			// whole messages.
			while (!send.frame(frames[i], (i < last) ? ZMQ.SNDMORE : 0)) {
				if (this.sockets.owner().pastStopDeadline()) {
					throw failedAtShutdown();
				}
			}
		}
	}

	/**
	 * Waits, a step at a time, until the socket takes the first frame, or the send
	 * timeout or stop deadline passes.
	 */
	private void awaitRoom(ThreadSocket send, byte[] frame, int flags) {
		long deadline = System.nanoTime() + this.endpoint.settings().sendTimeout().toNanos();
		while (true) {
			if (send.interrupted) {
				throw SendPreconditions.interrupted(this.endpoint, null);
			}
			if (this.sockets.owner().pastStopDeadline()) {
				throw failedAtShutdown();
			}
			if (System.nanoTime() - deadline > 0) {
				throw SendPreconditions.noPeerTookIt(this.endpoint, this.statistics);
			}
			if (send.frame(frame, flags)) {
				return;
			}
		}
	}

	private ZmqSendException failedAtShutdown() {
		String problem = "Endpoint '" + this.endpoint.name() + "' stopped before a peer took the message";
		this.statistics.sendFailed(problem);
		return new ZmqSendException(problem + "; nothing was sent");
	}

}
