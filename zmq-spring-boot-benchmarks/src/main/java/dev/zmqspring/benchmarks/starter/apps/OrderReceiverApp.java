package dev.zmqspring.benchmarks.starter.apps;

import dev.zmqspring.benchmarks.support.Arrivals;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application with a PULL listener of JSON orders; its endpoints come from properties.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class OrderReceiverApp {

	@Bean
	BenchmarkListeners.Orders ordersListener(Arrivals arrivals) {
		return new BenchmarkListeners.Orders(arrivals);
	}

}
