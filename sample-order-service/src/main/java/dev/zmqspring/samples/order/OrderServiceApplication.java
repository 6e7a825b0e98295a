package dev.zmqspring.samples.order;

import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The order service: registers users and takes orders. It answers at once and leaves the
 * rest to messages: a {@code user.registered} event for the e-mail and SMS, and an
 * at-least-once {@code OrderPlaced} message for inventory, which may be down at that
 * moment.
 */
@SpringBootApplication
public class OrderServiceApplication {

	/**
	 * The name of this service's configuration files: {@code order-service.yml},
	 * {@code order-service-postgres.yml}.
	 */
	public static final String CONFIG_NAME = "order-service";

	/**
	 * Writes every finished span to the log, one line each, with its trace id: the demo's
	 * trace exporter, which needs no collector.
	 */
	@Bean
	LoggingSpanExporter spanLog() {
		return LoggingSpanExporter.create();
	}

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The application, reading {@code order-service.yml} rather than
	 * {@code application.yml}: both services can then run in one JVM (as the end-to-end
	 * tests do) without reading each other's configuration.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(OrderServiceApplication.class).main(OrderServiceApplication.class)
			.properties("spring.config.name=" + CONFIG_NAME);
	}

}
