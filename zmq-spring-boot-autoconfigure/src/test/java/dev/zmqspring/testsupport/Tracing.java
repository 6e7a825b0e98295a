package dev.zmqspring.testsupport;

import java.time.Duration;
import java.util.List;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryEventPublisherBeansApplicationListener;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.awaitility.Awaitility.await;

/**
 * Applications with a real tracer: Spring Boot's OpenTelemetry tracing, every span
 * sampled, finished spans kept by the SDK's in-memory exporter, meters in a simple
 * registry, and the log correlation (MDC) that SpringApplication would register.
 */
public final class Tracing {

	/** How long a test waits for a span or a message. */
	public static final Duration PATIENCE = Duration.ofSeconds(20);

	private Tracing() {
	}

	/** A runner of traced applications with the starter. */
	public static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
					OpenTelemetryTracingAutoConfiguration.class, ZmqAutoConfiguration.class))
			.withUserConfiguration(Spans.class)
			.withInitializer((context) -> context
				.addApplicationListener(new OpenTelemetryEventPublisherBeansApplicationListener()))
			.withPropertyValues("management.tracing.sampling.probability=1.0",
					"management.opentelemetry.tracing.export.schedule-delay=20ms");
	}

	/**
	 * Runs an action in an observation of the test's own, as a web request would.
	 * @return the trace id of that observation
	 */
	public static String inParentObservation(ApplicationContext context, Runnable action) {
		Observation parent = Observation.start("test.parent", context.getBean(ObservationRegistry.class));
		Observation.Scope scope = parent.openScope();
		try {
			action.run();
			return context.getBean(Tracer.class).currentSpan().context().traceId();
		}
		finally {
			scope.close();
			parent.stop();
		}
	}

	/** Waits for the first finished span of a name. */
	public static SpanData awaitSpan(ApplicationContext context, String name) {
		await().atMost(PATIENCE).until(() -> !spans(context, name).isEmpty());
		return spans(context, name).get(0);
	}

	/** The finished spans of a name so far. */
	public static List<SpanData> spans(ApplicationContext context, String name) {
		return context.getBean(InMemorySpanExporter.class)
			.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class Spans {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

}
