package com.example.quickstart;

import java.time.Duration;

import dev.zmqspring.core.ZmqTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.awaitility.Awaitility.await;

/**
 * The quick start as a new application has it: only the starter, its application.yml, a
 * listener and a publisher interface. The addresses move to inproc so that the test never
 * competes for a TCP port with anything else on the machine; everything else is the
 * application's own configuration.
 */
@SpringBootTest(properties = { "zmq.endpoints.orders-in.bind=inproc://quickstart",
		"zmq.endpoints.orders-out.connect=inproc://quickstart" })
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class QuickstartApplicationTests {

	@Autowired
	OrderPublisher publisher;

	@Autowired
	ZmqTemplate template;

	@Test
	void publishedOrdersReachTheListener(CapturedOutput output) {
		this.publisher.publish(new OrderPlaced("o-1", "SKU-1", 2));
		this.template.convertAndSend("orders-out", new OrderPlaced("o-2", "SKU-2", 1));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().contains("Received OrderPlaced[orderId=o-1, sku=SKU-1, quantity=2]")
					&& output.getOut().contains("Received OrderPlaced[orderId=o-2, sku=SKU-2, quantity=1]"));
	}

}
