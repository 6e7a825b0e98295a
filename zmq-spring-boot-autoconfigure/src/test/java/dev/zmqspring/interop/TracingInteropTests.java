package dev.zmqspring.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.testsupport.Tracing;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import static dev.zmqspring.testsupport.Tracing.PATIENCE;
import static dev.zmqspring.testsupport.Tracing.awaitSpan;
import static dev.zmqspring.testsupport.Tracing.inParentObservation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pyzmq peer in the middle of a trace: it reads the W3C trace context from the headers
 * frame the starter sent, continues it with a span of its own, and the starter's listener
 * behind it continues the same trace as that span's child.
 */
@Timeout(60)
class TracingInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = Tracing.runner();

	@BeforeEach
	void pyzmq() {
		PythonPeer.assumeAvailable();
	}

	@Test
	void aPythonRelayContinuesTheTraceFromTheHeadersFrameAndTheNextListenerContinuesIt() {
		this.runner.withUserConfiguration(Shipping.class)
			.withPropertyValues("zmq.endpoints.orders.type=PUSH", "zmq.endpoints.orders.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.orders.headers-frame=true", "zmq.endpoints.shipments.type=PULL",
					"zmq.endpoints.shipments.bind=tcp://127.0.0.1:*", "zmq.endpoints.shipments.headers-frame=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				String ordersAddress = template.getSenderRegistry().sender("orders").getAddresses().get(0);
				String shipmentsAddress = context.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("shipping")
					.getAddresses()
					.get(0);
				try (PythonPeer relay = PythonPeer.start("trace_relay.py", ordersAddress, shipmentsAddress, "1")) {
					String traceId = inParentObservation(context, () -> template.convertAndSend("orders", "order-1"));
					List<JsonNode> lines = relay.awaitSuccess(TIMEOUT);
					JsonNode hop = lines.get(0).get("relayed").get(0);
					Shipping shipping = context.getBean(Shipping.class);
					await().atMost(PATIENCE).until(() -> shipping.shipped.size() == 1);

					SpanData send = awaitSpan(context, "send orders");
					SpanData process = awaitSpan(context, "process shipments");
					assertThat(hop.get("trace_id").asString()).as("what Python read").isEqualTo(traceId);
					assertThat(hop.get("parent_id").asString()).isEqualTo(send.getSpanId());
					assertThat(process.getTraceId()).isEqualTo(traceId);
					assertThat(process.getParentSpanId()).as("the Python relay's span")
						.isEqualTo(hop.get("span_id").asString());
				}
			});
	}

	static class Shipping {

		final List<String> shipped = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "shipping", endpoint = "shipments")
		void ship(String order) {
			this.shipped.add(order);
		}

	}

}
