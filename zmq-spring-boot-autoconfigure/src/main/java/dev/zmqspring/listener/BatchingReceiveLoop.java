package dev.zmqspring.listener;

import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.ThreadTally;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * Concurrency 1 on a ROUTER whose listener processes several messages in one transaction
 * ({@link TransactionBatch}): the thread that owns the socket takes a message and those
 * that have arrived after it (it waits for none), processes them in one transaction, and
 * sends their replies (the acknowledgements) once it committed. In the order the socket
 * delivers them, as {@link DirectReceiveLoop} does.
 */
final class BatchingReceiveLoop implements ReceiveLoop {

	private final LoopControl control;

	private final TransactionBatch batch;

	private final EndpointStatistics statistics;

	BatchingReceiveLoop(LoopControl control, TransactionBatch batch, EndpointStatistics statistics) {
		this.control = control;
		this.batch = batch;
		this.statistics = statistics;
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
			List<byte[]> first = this.control.receive(socket);
			if (first == null) {
				continue;
			}
			List<List<byte[]>> messages = new ArrayList<>();
			messages.add(first);
			while (messages.size() < this.batch.maxSize() && !this.control.isPaused() && !this.control.isStopping()) {
				List<byte[]> next = Frames.receive(socket, ZMQ.DONTWAIT);
				if (next == null) {
					break;
				}
				messages.add(next);
			}
			for (byte @Nullable [][] reply : this.batch.process(messages, counter).replies()) {
				if (reply != null && !Frames.sendReply(socket, reply)) {
					this.statistics.error("A reply could not be delivered: the client is gone");
				}
			}
		}
	}

}
