package dev.zmqspring.reliable.publisher;

import dev.zmqspring.annotation.ZmqPublisher;

@ZmqPublisher(endpoint = "orders-out")
public interface OrderEvents {

	void placed(String orderId);

}
