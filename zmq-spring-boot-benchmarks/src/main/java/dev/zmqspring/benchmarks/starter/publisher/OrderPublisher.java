package dev.zmqspring.benchmarks.starter.publisher;

import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.benchmarks.support.Payloads;

/** The JSON scenario's sending side as a user writes it: a publisher interface. */
@ZmqPublisher(endpoint = "out")
public interface OrderPublisher {

	/** Sends one order as JSON. */
	void publish(Payloads.Order order);

}
