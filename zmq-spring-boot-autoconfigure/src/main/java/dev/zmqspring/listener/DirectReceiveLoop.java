package dev.zmqspring.listener;

import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.ThreadTally;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * Concurrency 1: the thread that owns the socket also calls the listener and sends its
 * reply. No hand-off, so messages are processed strictly in the order the socket delivers
 * them. The thread blocks in the socket's receive; a message wakes it at once.
 * <p>
 * On a ROUTER whose listener processes several messages in one transaction
 * ({@link TransactionBatch}), the messages that have arrived together are processed in
 * one, and their replies (acknowledgements) are sent once it committed.
 */
final class DirectReceiveLoop implements ReceiveLoop {

	private final LoopControl control;

	private final MessageProcessor processor;

	private final EndpointStatistics statistics;

	private final @Nullable TransactionBatch batch;

	DirectReceiveLoop(LoopControl control, MessageProcessor processor, EndpointStatistics statistics,
			@Nullable TransactionBatch batch) {
		this.control = control;
		this.processor = processor;
		this.statistics = statistics;
		this.batch = batch;
	}

	@Override
	public void run(ZMQ.Socket socket) {
		socket.setReceiveTimeOut(LoopControl.POLL_INTERVAL_MS);
		ThreadTally counter = this.statistics.openReceivedTally();
		try {
			loop(socket, counter);
		}
		finally {
			this.statistics.closeReceivedTally(counter);
		}
	}

	private void loop(ZMQ.Socket socket, ThreadTally counter) {
		while (!this.control.isStopping()) {
			if (this.control.isPaused()) {
				this.control.awaitResumed();
				continue;
			}
			List<byte[]> frames = Frames.receive(socket, 0);
			if (frames == null) {
				continue;
			}
			// A pause that came while this thread waited in receive: hold the message
			// until resumed, so that nothing is
			// processed once pause() has returned. Stopping lets it finish, like any
			// message in hand.
			while (this.control.isPaused() && !this.control.isStopping()) {
				this.control.awaitResumed();
			}
			if (this.batch != null) {
				processBatch(socket, frames, this.batch, counter);
				continue;
			}
			send(socket, this.processor.process(frames, counter, null));
		}
	}

	/**
	 * Processes a message with those that have arrived after it (none is waited for), in
	 * one transaction.
	 */
	private void processBatch(ZMQ.Socket socket, List<byte[]> first, TransactionBatch batch, ThreadTally counter) {
		List<List<byte[]>> messages = new ArrayList<>();
		messages.add(first);
		while (messages.size() < batch.maxSize() && !this.control.isPaused() && !this.control.isStopping()) {
			List<byte[]> next = Frames.receive(socket, ZMQ.DONTWAIT);
			if (next == null) {
				break;
			}
			messages.add(next);
		}
		for (byte @Nullable [][] reply : batch.process(messages, counter).replies()) {
			send(socket, reply);
		}
	}

	private void send(ZMQ.Socket socket, byte @Nullable [][] reply) {
		if (reply != null && !Frames.sendReply(socket, reply)) {
			this.statistics.error("A reply could not be delivered: the client is gone");
		}
	}

}
