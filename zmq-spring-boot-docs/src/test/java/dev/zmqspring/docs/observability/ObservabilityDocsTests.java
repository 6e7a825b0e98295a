package dev.zmqspring.docs.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/observability.md, run: the dependencies it names trace a send and its listener as one trace, the trace
 * context travels in the headers frame, and a convention bean adds its tag to the listener's timer.
 */
@Timeout(60)
class ObservabilityDocsTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, ZmqAutoConfiguration.class))
		.withUserConfiguration(RegionTagConfiguration.class, Orders.class)
		.withBean(InMemorySpanExporter.class, InMemorySpanExporter::create)
		.withPropertyValues("management.tracing.sampling.probability=1.0",
				"management.opentelemetry.tracing.export.schedule-delay=20ms", "zmq.endpoints.orders.type=PUSH",
				"zmq.endpoints.orders.connect=inproc://docs-traced", "zmq.endpoints.orders.headers-frame=true",
				"zmq.endpoints.orders-in.type=PULL", "zmq.endpoints.orders-in.bind=inproc://docs-traced",
				"zmq.endpoints.orders-in.headers-frame=true");

	@Test
	void aSendAndItsListenerAreOneTraceAndTheConventionTagsTheTimer() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(ZmqTemplate.class).convertAndSend("orders", null, "order-1", Map.of("region", "eu"));
			Orders orders = context.getBean(Orders.class);
			await().atMost(PATIENCE).until(() -> orders.traceparents.size() == 1);
			InMemorySpanExporter spans = context.getBean(InMemorySpanExporter.class);
			await().atMost(PATIENCE).until(() -> spans.getFinishedSpanItems().size() >= 2);

			SpanData send = span(spans, "send orders");
			SpanData process = span(spans, "process orders-in");
			assertThat(process.getTraceId()).isEqualTo(send.getTraceId());
			assertThat(orders.traceparents.get(0)).startsWith("00-" + send.getTraceId() + "-" + send.getSpanId());
			assertThat(context.getBean(MeterRegistry.class)
				.get("zmq.listener")
				.tag("region", "eu")
				.tag("messaging.destination.name", "orders-in")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	private static SpanData span(InMemorySpanExporter spans, String name) {
		return spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span " + name + " in " + spans.getFinishedSpanItems()));
	}

	static class Orders {

		final List<String> traceparents = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "orders-in")
		void onOrder(String order, @org.springframework.messaging.handler.annotation.Header("traceparent") String traceparent) {
			this.traceparents.add(traceparent);
		}

	}

}
