package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.ThreadTally;
import org.zeromq.ZMQ;

/**
 * Concurrency 1: the thread that owns the socket also calls the listener and sends its
 * reply. No hand-off, so messages are processed strictly in the order the socket delivers
 * them. The thread blocks in the socket's receive; a message wakes it at once.
 */
final class DirectReceiveLoop implements ReceiveLoop {

	private final LoopControl control;

	private final MessageProcessor processor;

	private final EndpointStatistics statistics;

	DirectReceiveLoop(LoopControl control, MessageProcessor processor, EndpointStatistics statistics) {
		this.control = control;
		this.processor = processor;
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
			List<byte[]> frames = this.control.receive(socket);
			if (frames == null) {
				continue;
			}
			byte[][] reply = this.processor.process(frames, counter, null);
			if (reply != null && !Frames.sendReply(socket, reply)) {
				this.statistics.error("A reply could not be delivered: the client is gone");
			}
		}
	}

}
