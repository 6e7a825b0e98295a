package dev.zmqspring.core;

import java.time.Duration;
import java.util.List;

/**
 * Everything the starter needs to open one socket: a named entry of {@code zmq.endpoints.*}, or the inline
 * addresses of an annotation.
 *
 * @param name the endpoint name (the key under {@code zmq.endpoints}, or a generated name for inline endpoints)
 * @param type the socket type
 * @param bind {@code true} to bind the addresses, {@code false} to connect to them
 * @param addresses one or more ZeroMQ addresses, such as {@code tcp://127.0.0.1:5557}
 * @param topics topic prefixes a SUB socket subscribes to (empty: every message)
 * @param topicDelimiter when set, a PUB/SUB message is one frame {@code "topic<delimiter>payload"} instead of two
 * @param headersFrame whether a frame of JSON headers precedes the payload
 * @param requestTimeout how long a request (REQ/DEALER) waits for its reply
 * @param settings the socket options
 */
public record ZmqEndpoint(String name, ZmqSocketType type, boolean bind, List<String> addresses, List<String> topics,
		String topicDelimiter, boolean headersFrame, Duration requestTimeout, SocketSettings settings) {

	public ZmqEndpoint {
		addresses = List.copyOf(addresses);
		topics = List.copyOf(topics);
	}

	/** Whether PUB/SUB messages carry their topic in the same frame as the payload. */
	public boolean singleFrameTopic() {
		return this.topicDelimiter != null && !this.topicDelimiter.isEmpty();
	}

	/** A short description for logs and errors, such as {@code PULL bind tcp://127.0.0.1:5557}. */
	public String describe() {
		return this.type + (this.bind ? " bind " : " connect ") + String.join(",", this.addresses);
	}

}
