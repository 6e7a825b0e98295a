package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.ThreadTally;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Concurrency 1 for a REP or ROUTER listener that replies later (it returns a
 * {@code CompletionStage}): the thread that owns the socket calls the listener, and sends
 * each reply when it is ready, taking further requests meanwhile. It polls the socket and
 * the {@link LaterReplies} together, so that a completed reply is sent at once and the
 * socket is touched by this thread alone. While the listener owes
 * {@link LaterReplies#MAX_OWED} replies, requests wait in ZeroMQ's queues. Stopping waits
 * for the replies owed, within the shutdown deadline.
 */
final class LaterReplyReceiveLoop implements ReceiveLoop {

	private final LoopControl control;

	private final MessageProcessor processor;

	private final EndpointStatistics statistics;

	private final ZContext context;

	private final long receiveBudget;

	/**
	 * @param receiveBudget the endpoint's receive-buffer budget: the most bytes of
	 * requests the listener may owe replies to at once
	 */
	LaterReplyReceiveLoop(LoopControl control, MessageProcessor processor, EndpointStatistics statistics,
			ZContext context, long receiveBudget) {
		this.control = control;
		this.processor = processor;
		this.statistics = statistics;
		this.context = context;
		this.receiveBudget = receiveBudget;
	}

	@Override
	public void run(ZMQ.Socket socket) {
		ThreadTally counter = this.statistics.openReceivedTally();
		LaterReplies later = new LaterReplies(this.receiveBudget);
		ZMQ.Poller all = null;
		ZMQ.Poller repliesOnly = null;
		try {
			all = this.context.createPoller(2);
			repliesOnly = this.context.createPoller(1);
			int socketIndex = all.register(socket, ZMQ.Poller.POLLIN);
			int laterIndex = all.register(later.signal(), ZMQ.Poller.POLLIN);
			repliesOnly.register(later.signal(), ZMQ.Poller.POLLIN);
			while (!finished(later)) {
				if (this.control.isStopping() || this.control.isPaused() || later.full()) {
					awaitReplies(repliesOnly, later, socket);
					continue;
				}
				all.poll(LoopControl.POLL_INTERVAL_MS);
				if (all.pollin(laterIndex)) {
					later.sendAll(socket, this.statistics);
				}
				List<byte[]> frames = all.pollin(socketIndex) ? Frames.receive(socket, ZMQ.DONTWAIT) : null;
				if (frames == null) {
					continue;
				}
				// A pause that came meanwhile holds the message until resumed, as in
				// DirectReceiveLoop; replies keep going out.
				while (this.control.isPaused() && !this.control.isStopping()) {
					awaitReplies(repliesOnly, later, socket);
				}
				byte[][] reply = this.processor.process(frames, counter, later);
				if (reply != null && !Frames.sendReply(socket, reply)) {
					this.statistics.error("A reply could not be delivered: the client is gone");
				}
			}
		}
		finally {
			int owed = later.owed();
			later.close();
			if (owed > 0) {
				this.statistics.error(owed + " reply(ies) the listener owed were not sent: it stopped first");
			}
			if (all != null) {
				all.close();
			}
			if (repliesOnly != null) {
				repliesOnly.close();
			}
			this.statistics.closeReceivedTally(counter);
		}
	}

	/** Stopping, and no reply owed (or the deadline passed). */
	private boolean finished(LaterReplies later) {
		return this.control.isStopping() && (later.owed() == 0 || this.control.pastDeadline());
	}

	private void awaitReplies(ZMQ.Poller repliesOnly, LaterReplies later, ZMQ.Socket socket) {
		repliesOnly.poll(LoopControl.POLL_INTERVAL_MS);
		later.sendAll(socket, this.statistics);
	}

}
