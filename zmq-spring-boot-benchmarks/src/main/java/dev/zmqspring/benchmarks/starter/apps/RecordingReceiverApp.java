package dev.zmqspring.benchmarks.starter.apps;

import dev.zmqspring.benchmarks.support.Arrivals;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An application with an idempotent at-least-once listener that records each message in
 * its database; its endpoints and database come from properties.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class RecordingReceiverApp {

	@Bean
	BenchmarkListeners.Recording recordingListener(Arrivals arrivals, JdbcTemplate jdbc) {
		return new BenchmarkListeners.Recording(arrivals, jdbc);
	}

}
