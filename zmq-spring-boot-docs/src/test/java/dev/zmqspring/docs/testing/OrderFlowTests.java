package dev.zmqspring.docs.testing;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// src/test/resources/application.yml plays the application's own application.yml.
// tag::spring-boot-test[]
@SpringBootTest(properties = { "zmq.endpoints.orders-in.bind=inproc://orders",           // inproc: no port to fight over
		"zmq.endpoints.orders-out.connect=inproc://orders" })
@Timeout(30)
class OrderFlowTests {

	@Autowired
	OrderPublisher publisher;

	@Autowired
	OrderListener listener;

	@Test
	void publishedOrderReachesTheListener() {
		this.publisher.publish(new OrderPlaced("o-1", "SKU-1", 2));
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.listener.received().isEmpty());
		assertThat(this.listener.received()).containsExactly(new OrderPlaced("o-1", "SKU-1", 2));
	}

}
// end::spring-boot-test[]
