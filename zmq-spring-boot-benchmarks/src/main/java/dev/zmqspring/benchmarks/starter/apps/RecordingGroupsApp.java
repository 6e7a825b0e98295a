package dev.zmqspring.benchmarks.starter.apps;

import dev.zmqspring.benchmarks.support.Arrivals;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An application with two idempotent subscription groups of a durable topic, each
 * recording its messages in its database; its endpoints and database come from
 * properties.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class RecordingGroupsApp {

	@Bean
	BenchmarkListeners.RecordingGroups recordingGroups(Arrivals arrivals, JdbcTemplate jdbc) {
		return new BenchmarkListeners.RecordingGroups(arrivals, jdbc);
	}

}
