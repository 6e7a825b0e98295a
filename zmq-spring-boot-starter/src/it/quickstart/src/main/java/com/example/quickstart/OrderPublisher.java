package com.example.quickstart;

import dev.zmqspring.annotation.ZmqPublisher;

@ZmqPublisher(endpoint = "orders-out")
public interface OrderPublisher {

	void publish(OrderPlaced order);

}
