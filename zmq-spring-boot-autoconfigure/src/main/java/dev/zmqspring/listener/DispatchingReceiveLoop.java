package dev.zmqspring.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.ThreadTally;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.core.ZmqThreadFactory;
import dev.zmqspring.core.ZmqSocketType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Concurrency N &gt; 1: the thread that owns the endpoint's socket receives and hands
 * each message to one of N worker threads through a small bounded queue; when all workers
 * are busy it stops reading, so ZeroMQ's own high-water marks push back on the senders.
 * Workers send replies (REP/ROUTER) back through their own {@code inproc} PUSH socket to
 * the owner thread, which alone writes to the endpoint's socket. No socket is ever used
 * by two threads.
 * <p>
 * Messages are processed in parallel: no order is kept between them. A listener that
 * replies later hands its replies to the owner thread through {@link LaterReplies}.
 * <p>
 * On a ROUTER whose listener processes several messages in one transaction
 * ({@link TransactionBatch}), a worker takes what waits in the queue with the message it
 * took, and processes them in one.
 */
final class DispatchingReceiveLoop implements ReceiveLoop {

	private static final Log logger = LogFactory.getLog(DispatchingReceiveLoop.class);

	private final String id;

	private final ZmqEndpoint endpoint;

	private final int concurrency;

	private final LoopControl control;

	private final MessageProcessor processor;

	private final EndpointStatistics statistics;

	private final ZmqSocketFactory socketFactory;

	private final boolean replying;

	private final BlockingQueue<List<byte[]>> work;

	private final CountDownLatch workersDone;

	private final String replyAddress;

	private final @Nullable TransactionBatch batch;

	/** Where replies completed later go, for a listener that replies later. */
	private volatile @Nullable LaterReplies later;

	private volatile boolean receivingDone;

	DispatchingReceiveLoop(String id, ZmqEndpoint endpoint, int concurrency, LoopControl control,
			MessageProcessor processor, EndpointStatistics statistics, ZmqSocketFactory socketFactory) {
		this.id = id;
		this.endpoint = endpoint;
		this.concurrency = concurrency;
		this.control = control;
		this.processor = processor;
		this.statistics = statistics;
		this.socketFactory = socketFactory;
		this.replying = endpoint.type().repliesToRequests();
		this.work = new ArrayBlockingQueue<>(concurrency * 2);
		this.workersDone = new CountDownLatch(concurrency);
		this.replyAddress = "inproc://zmq-listener-replies-" + UUID.randomUUID();
		this.batch = (endpoint.type() == ZmqSocketType.ROUTER) ? TransactionBatch.of(processor) : null;
	}

	@Override
	public void run(ZMQ.Socket socket) {
		ZMQ.Socket replies = this.replying
				? this.socketFactory.openInternal(this.endpoint, SocketType.PULL, this.replyAddress, true) : null;
		ZContext context = this.socketFactory.getContext();
		ZMQ.Poller all = context.createPoller(2);
		ZMQ.Poller repliesOnly = context.createPoller(1);
		try {
			int socketIndex = all.register(socket, ZMQ.Poller.POLLIN);
			int repliesIndex = (replies != null) ? all.register(replies, ZMQ.Poller.POLLIN) : -1;
			if (replies != null) {
				repliesOnly.register(replies, ZMQ.Poller.POLLIN);
			}
			LaterReplies later = this.processor.repliesLater()
					? new LaterReplies(this.endpoint.settings().receiveBufferBudget()) : null;
			this.later = later;
			int laterIndex = -1;
			if (later != null) {
				laterIndex = all.register(later.signal(), ZMQ.Poller.POLLIN);
				repliesOnly.register(later.signal(), ZMQ.Poller.POLLIN);
			}
			startWorkers();
			while (!finished()) {
				if (this.control.isPaused() || this.receivingDone || (later != null && later.full())) {
					if (replies != null) {
						repliesOnly.poll(LoopControl.POLL_INTERVAL_MS);
						forwardReplies(replies, socket);
					}
					else {
						this.control.awaitResumed();
					}
					continue;
				}
				all.poll(LoopControl.POLL_INTERVAL_MS);
				if ((repliesIndex >= 0 && all.pollin(repliesIndex)) || (later != null && all.pollin(laterIndex))) {
					forwardReplies(replies, socket);
				}
				// Pause may have come while polling: a paused listener takes nothing more
				// off the socket.
				if (all.pollin(socketIndex) && !this.control.isPaused()) {
					List<byte[]> frames = Frames.receive(socket, ZMQ.DONTWAIT);
					if (frames != null) {
						dispatch(frames, replies, socket);
					}
				}
			}
			if (replies != null) {
				forwardReplies(replies, socket);
			}
		}
		finally {
			this.receivingDone = true;
			closeLater();
			all.close();
			repliesOnly.close();
			if (replies != null) {
				replies.close();
			}
		}
	}

	/**
	 * Stops receiving once told to stop; finishes once the workers have drained the queue
	 * and the replies owed are sent (or the deadline passed).
	 */
	private boolean finished() {
		if (this.control.isStopping()) {
			this.receivingDone = true;
		}
		LaterReplies later = this.later;
		return this.receivingDone && ((this.workersDone.getCount() == 0 && (later == null || later.owed() == 0))
				|| this.control.pastDeadline());
	}

	private void closeLater() {
		LaterReplies later = this.later;
		if (later != null) {
			int owed = later.owed();
			later.close();
			if (owed > 0) {
				this.statistics.error(owed + " reply(ies) the listener owed were not sent: it stopped first");
			}
		}
	}

	private void dispatch(List<byte[]> frames, ZMQ.@Nullable Socket replies, ZMQ.Socket socket) {
		try {
			while (!this.work.offer(frames, 10, TimeUnit.MILLISECONDS)) {
				// Keep replies moving while all workers are busy, or workers blocked on
				// replies would never free up.
				if (replies != null) {
					forwardReplies(replies, socket);
				}
				if (this.control.pastDeadline()) {
					this.statistics.error("A received message was not processed before the shutdown deadline");
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void forwardReplies(ZMQ.@Nullable Socket replies, ZMQ.Socket socket) {
		LaterReplies later = this.later;
		if (later != null) {
			later.sendAll(socket, this.statistics);
		}
		List<byte[]> reply;
		while ((reply = Frames.receive(replies, ZMQ.DONTWAIT)) != null) {
			if (!Frames.sendReply(socket, reply.toArray(new byte[0][]))) {
				this.statistics.error("A reply could not be delivered: the client is gone");
			}
		}
	}

	/** Hands a worker's reply to the owner thread. */
	private static void sendReply(ZMQ.@Nullable Socket replySocket, byte @Nullable [][] reply) {
		if (reply != null && replySocket != null) {
			for (int i = 0; i < reply.length; i++) {
				replySocket.send(reply[i], (i < reply.length - 1) ? ZMQ.SNDMORE : 0);
			}
		}
	}

	private void startWorkers() {
		ZmqThreadFactory threads = this.socketFactory.getThreadFactory();
		for (int i = 1; i <= this.concurrency; i++) {
			String name = "zmq-listener-" + this.id + "-" + i;
			// A worker of a listener that replies owns the socket its replies go through.
			Thread worker = this.replying ? threads.newSocketThread(name, this::work)
					: threads.newWorkerThread(name, this::work);
			worker.start();
		}
	}

	private void work() {
		ZMQ.Socket replySocket = null;
		ThreadTally counter = this.statistics.openReceivedTally();
		try {
			if (this.replying) {
				replySocket = this.socketFactory.openInternal(this.endpoint, SocketType.PUSH, this.replyAddress, false);
			}
			while (true) {
				List<byte[]> frames = this.work.poll(LoopControl.POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
				if (frames == null) {
					if (this.receivingDone) {
						return;
					}
					continue;
				}
				if (this.batch != null) {
					List<List<byte[]>> messages = new ArrayList<>();
					messages.add(frames);
					this.work.drainTo(messages, this.batch.maxSize() - 1);
					for (byte @Nullable [][] reply : this.batch.process(messages, counter).replies()) {
						sendReply(replySocket, reply);
					}
					continue;
				}
				sendReply(replySocket, this.processor.process(frames, counter, this.later));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.error("Worker of listener '" + this.id + "' stopped on an unexpected error", ex);
			this.statistics.error(ex.toString());
		}
		finally {
			if (replySocket != null) {
				replySocket.close();
			}
			this.statistics.closeReceivedTally(counter);
			this.workersDone.countDown();
		}
	}

}
