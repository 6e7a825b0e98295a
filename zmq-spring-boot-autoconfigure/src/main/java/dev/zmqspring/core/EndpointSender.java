package dev.zmqspring.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The sending side of one endpoint: one thread owns its socket and any number of
 * application threads hand it messages (or, with {@code socket-per-thread}, send and make
 * synchronous requests on sockets of their own). Obtained from {@link ZmqSenderRegistry};
 * most applications use {@link ZmqTemplate} or a {@code @ZmqPublisher} interface instead.
 */
public interface EndpointSender {

	/** The endpoint. */
	ZmqEndpoint getEndpoint();

	/**
	 * The addresses actually bound or connected (a bind on port {@code *} shows the
	 * chosen port).
	 */
	List<String> getAddresses();

	/** Live counters. */
	EndpointStatistics getStatistics();

	/** The socket's connections (peers connected now, last connection error). */
	SocketActivity getActivity();

	/**
	 * The sockets that calling threads have of their own now
	 * ({@code zmq.endpoints.<name>.socket-per-thread}); 0 when every thread sends through
	 * the endpoint's thread.
	 */
	default int getThreadSockets() {
		return 0;
	}

	/**
	 * Whether the socket's thread runs; {@code false} once stopped or ended on an
	 * unexpected error.
	 */
	boolean isRunning();

	/**
	 * Hands a one-way message (PUB, PUSH, PAIR) to the socket's thread. Returns once the
	 * message is queued; waits up to the endpoint's send timeout while the queue is full.
	 * @param frames the frames, in order
	 * @throws ZmqSendException when the message is not accepted; nothing was sent then
	 */
	void send(byte[][] frames);

	/**
	 * Sends a request (REQ, DEALER) and returns its reply frames.
	 * @param frames the request's body frames
	 * @param timeout how long to wait for the reply
	 * @return the reply body frames; completes exceptionally with
	 * {@link ZmqRequestTimeoutException}, {@link ZmqRemoteException} or
	 * {@link ZmqSendException}
	 */
	CompletableFuture<byte[][]> request(byte[][] frames, Duration timeout);

	/**
	 * Sends a request (REQ, DEALER) and waits for its reply. With
	 * {@code zmq.endpoints.<name>.socket-per-thread} (the default for connecting REQ and
	 * DEALER endpoints) the calling thread sends it and waits for the reply on a socket
	 * of its own, with no hand-off to another thread; otherwise it waits for
	 * {@link #request(byte[][], Duration)}.
	 * @param frames the request's body frames
	 * @param timeout how long to wait for the reply
	 * @return the reply body frames
	 * @throws ZmqRequestTimeoutException when no reply came in time
	 * @throws ZmqRemoteException when the server's listener failed
	 * @throws ZmqSendException when the request could not be sent, or the endpoint
	 * stopped before its reply came
	 */
	default byte[][] requestAndWait(byte[][] frames, Duration timeout) {
		return ZmqTemplate.await(request(frames, timeout));
	}

}
