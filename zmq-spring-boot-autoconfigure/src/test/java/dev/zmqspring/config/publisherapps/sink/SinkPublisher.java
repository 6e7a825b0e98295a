package dev.zmqspring.config.publisherapps.sink;

import dev.zmqspring.annotation.ZmqPublisher;

/**
 * A one-way publisher on the endpoint named {@code sink}; tests give that endpoint
 * different types.
 */
@ZmqPublisher(endpoint = "sink")
public interface SinkPublisher {

	void send(String text);

}
