package dev.zmqspring.patterns.hello;

import java.util.concurrent.CompletableFuture;

import dev.zmqspring.annotation.ZmqPublisher;

/**
 * Request/reply client of the hello-world cookbook: each call is one REQ request,
 * answered by a REP listener.
 */
@ZmqPublisher(endpoint = "greeter")
public interface GreetingClient {

	/** Waits for the reply. */
	Greeting greet(Person person);

	/** Returns at once; the future completes with the reply. */
	CompletableFuture<Greeting> greetAsync(Person person);

}
