package dev.zmqspring.benchmarks.starter.apps;

import dev.zmqspring.benchmarks.support.Arrivals;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application with an idempotent at-least-once listener; its endpoints come from
 * properties.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ReliableReceiverApp {

	@Bean
	BenchmarkListeners.Idempotent idempotentListener(Arrivals arrivals) {
		return new BenchmarkListeners.Idempotent(arrivals);
	}

}
