package dev.zmqspring.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Sending operations on named endpoints ({@code zmq.endpoints.<name>}). Implemented by
 * {@link ZmqTemplate}. Every method may be called from any number of threads at once.
 */
public interface ZmqOperations {

	/**
	 * Sends raw bytes as one message on a PUSH, PUB or PAIR endpoint.
	 * @param endpoint the endpoint name
	 * @param payload the payload frame
	 * @throws ZmqSendException when the message is not accepted within the endpoint's
	 * send timeout
	 */
	void send(String endpoint, byte[] payload);

	/**
	 * Converts a payload ({@code byte[]} as is, {@code String} as UTF-8, objects as JSON)
	 * and sends it on a PUSH, PUB or PAIR endpoint. On a PUB endpoint the message has no
	 * topic frame.
	 * @param endpoint the endpoint name
	 * @param payload the payload
	 * @throws ZmqSendException when the message is not accepted within the endpoint's
	 * send timeout
	 */
	void convertAndSend(String endpoint, Object payload);

	/**
	 * Converts a payload and publishes it under a topic on a PUB endpoint: frames
	 * {@code [topic][payload]}.
	 * @param endpoint the endpoint name
	 * @param topic the topic; subscribers filter by its prefix
	 * @param payload the payload
	 */
	void convertAndSend(String endpoint, String topic, Object payload);

	/**
	 * Converts a payload and sends it with headers (the endpoint must have
	 * {@code headers-frame: true}).
	 * @param endpoint the endpoint name
	 * @param topic the topic (PUB only), or {@code null}
	 * @param payload the payload
	 * @param headers the headers
	 */
	void convertAndSend(String endpoint, @Nullable String topic, Object payload, Map<String, String> headers);

	/**
	 * Sends a request on a REQ or DEALER endpoint and waits for the converted reply, at
	 * most the endpoint's {@code request-timeout}.
	 * @param endpoint the endpoint name
	 * @param request the request payload
	 * @param replyType the type to convert the reply to
	 * @return the reply
	 * @throws ZmqRequestTimeoutException when no reply came in time
	 * @throws ZmqRemoteException when the server answered with an error reply
	 */
	<T> @Nullable T request(String endpoint, Object request, Class<T> replyType);

	/**
	 * Like {@link #request(String, Object, Class)} with an explicit timeout.
	 */
	<T> @Nullable T request(String endpoint, Object request, Class<T> replyType, Duration timeout);

	/**
	 * Sends a request without blocking the caller.
	 * @return the reply, completed exceptionally with the exceptions of
	 * {@link #request(String, Object, Class)}
	 */
	<T> CompletableFuture<T> requestAsync(String endpoint, Object request, Class<T> replyType, Duration timeout);

	/**
	 * Like {@link #request(String, Object, Class)}, with headers: the endpoint (and the
	 * server's) needs {@code headers-frame: true}, and the server's listener reads them
	 * as it reads those of one-way messages.
	 * @param headers the headers; names starting with {@code zmq_} are the receiving
	 * side's own
	 * @param timeout the timeout, or {@code null} for the endpoint's
	 * {@code request-timeout}
	 */
	<T> @Nullable T request(String endpoint, Object request, Map<String, String> headers, Class<T> replyType,
			@Nullable Duration timeout);

	/**
	 * Like {@link #requestAsync(String, Object, Class, Duration)}, with headers, as
	 * {@link #request(String, Object, Map, Class, Duration)} sends them.
	 */
	<T> CompletableFuture<T> requestAsync(String endpoint, Object request, Map<String, String> headers,
			Class<T> replyType, @Nullable Duration timeout);

}
