package dev.zmqspring.benchmarks.starter.apps;

import dev.zmqspring.benchmarks.support.Arrivals;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One application that sends to its own listeners over {@code inproc://} (one context, as
 * inproc requires).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class InprocApp {

	@Bean
	BenchmarkListeners.Bytes bytesListener(Arrivals arrivals) {
		return new BenchmarkListeners.Bytes(arrivals);
	}

	@Bean
	BenchmarkListeners.Echo echoListener() {
		return new BenchmarkListeners.Echo();
	}

}
