package dev.zmqspring.docs.testing;

import dev.zmqspring.test.AutoConfigureZmqTest;
import dev.zmqspring.test.ZmqListenerInvocation;
import dev.zmqspring.test.ZmqListenerTestHarness;
import dev.zmqspring.test.ZmqTestClient;
import dev.zmqspring.test.ZmqTestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/testing.md, the test module: a test plays the service that sends orders. */
// tag::auto-configure[]
@SpringBootTest
@AutoConfigureZmqTest                                                  // every endpoint on inproc
@Timeout(30)
class ShopTests {

	@Autowired
	ZmqTestClient client;

	@Autowired
	ZmqListenerTestHarness harness;

	@Test
	void theListenerTakesAnOrderFromAnotherService() {
		try (ZmqTestPeer warehouse = this.client.peer("orders-in")) {      // the other side of orders-in
			warehouse.send(new OrderPlaced("o-1", "SKU-1", 2));
		}
		ZmqListenerInvocation call = this.harness.awaitInvocation("orders"); // the listener's id
		assertThat(call.getArgument(OrderPlaced.class)).isEqualTo(new OrderPlaced("o-1", "SKU-1", 2));
		assertThat(call.getFailure()).isNull();
	}

}
// end::auto-configure[]
