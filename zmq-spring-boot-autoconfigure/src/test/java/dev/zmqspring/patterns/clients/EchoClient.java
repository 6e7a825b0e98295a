package dev.zmqspring.patterns.clients;

import java.util.concurrent.CompletableFuture;

import dev.zmqspring.annotation.ZmqPublisher;

/**
 * A REQ client that many threads share: every call is its own request with its own reply.
 */
@ZmqPublisher(endpoint = "echo")
public interface EchoClient {

	/** Waits for the reply. */
	String echo(String text);

	/** Returns at once; the future completes with the reply. */
	CompletableFuture<String> echoAsync(String text);

}
