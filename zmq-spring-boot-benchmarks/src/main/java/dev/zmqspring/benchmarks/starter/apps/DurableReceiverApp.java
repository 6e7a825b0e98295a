package dev.zmqspring.benchmarks.starter.apps;

import dev.zmqspring.benchmarks.support.Arrivals;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application with two idempotent subscription groups of a durable topic; its
 * endpoints come from properties.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class DurableReceiverApp {

	@Bean
	BenchmarkListeners.TwoGroups twoGroups(Arrivals arrivals) {
		return new BenchmarkListeners.TwoGroups(arrivals);
	}

}
