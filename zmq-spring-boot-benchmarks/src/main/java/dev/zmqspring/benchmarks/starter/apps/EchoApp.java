package dev.zmqspring.benchmarks.starter.apps;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An application with a REP listener that echoes; its endpoints come from properties. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class EchoApp {

	@Bean
	BenchmarkListeners.Echo echoListener() {
		return new BenchmarkListeners.Echo();
	}

}
