package dev.zmqspring.benchmarks.starter.apps;

import dev.zmqspring.benchmarks.support.Arrivals;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An application with four SUB listeners; its endpoints come from properties. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class FanOutApp {

	@Bean
	BenchmarkListeners.FanOut fanOutListeners(Arrivals arrivals) {
		return new BenchmarkListeners.FanOut(arrivals);
	}

}
