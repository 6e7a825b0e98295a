package dev.zmqspring.docs.testing;

import dev.zmqspring.annotation.ZmqPublisher;

@ZmqPublisher(endpoint = "orders-out")
public interface OrderPublisher {

	void publish(OrderPlaced order);

}
