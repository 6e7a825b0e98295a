package com.example.quickstart;

import dev.zmqspring.annotation.ZmqListener;
import org.springframework.stereotype.Component;

@Component
class OrderListener {

	@ZmqListener(endpoint = "orders-in")
	void onOrder(OrderPlaced order) { // JSON on the wire, converted by Boot's Jackson
		System.out.println("Received " + order);
	}

}
