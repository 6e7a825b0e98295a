package dev.zmqspring.config.publishers;

import java.util.concurrent.CompletableFuture;

import dev.zmqspring.annotation.ZmqPublisher;

@ZmqPublisher(endpoint = "greet")
public interface Greetings {

	String greet(String name);

	CompletableFuture<Reply> greetAsync(Request request);

	void ping(String name);

	default String greetTwice(String name) {
		return greet(name) + " " + greet(name);
	}

	record Request(String name) {
	}

	record Reply(String text) {
	}

}
