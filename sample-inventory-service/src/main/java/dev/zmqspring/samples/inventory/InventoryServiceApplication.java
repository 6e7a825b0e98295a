package dev.zmqspring.samples.inventory;

import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The inventory service, which also plays the back office: reserves stock for the order
 * service's orders (exactly once each, also after it was down), answers stock queries,
 * and sends the registration e-mail and SMS.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InventoryServiceApplication {

	/**
	 * The name of this service's configuration files: {@code inventory-service.yml},
	 * {@code inventory-service-postgres.yml}.
	 */
	public static final String CONFIG_NAME = "inventory-service";

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
	 * The application, reading {@code inventory-service.yml} rather than
	 * {@code application.yml}: both services can then run in one JVM (as the order
	 * service's end-to-end tests do) without reading each other's configuration.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(InventoryServiceApplication.class).main(InventoryServiceApplication.class)
			.properties("spring.config.name=" + CONFIG_NAME);
	}

}
