package dev.zmqspring.config.enable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.EnableZmq;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @EnableZmq} turns the starter on without Spring Boot's auto-configuration (the
 * {@code @ZmqPublisher} interfaces of its package included), and registers nothing twice
 * where auto-configuration runs as well.
 */
@Timeout(30)
class EnableZmqTests {

	private static final String[] ENDPOINTS = { "zmq.endpoints.jobs-in.type=PULL",
			"zmq.endpoints.jobs-in.bind=inproc://enable-jobs", "zmq.endpoints.jobs.type=PUSH",
			"zmq.endpoints.jobs.connect=inproc://enable-jobs" };

	@Test
	void anApplicationWithoutAutoConfigurationListensAndSends() {
		new ApplicationContextRunner().withUserConfiguration(Messaging.class)
			.withPropertyValues(ENDPOINTS)
			.run(context -> {
				assertThat(context).hasNotFailed().hasSingleBean(ZmqListenerEndpointRegistry.class);
				context.getBean(Jobs.class).submit("job-1");
				Messaging messaging = context.getBean(Messaging.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> messaging.jobs.contains("job-1"));
			});
	}

	@Test
	void withAutoConfigurationTooEachPartIsRegisteredOnce() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(Messaging.class)
			.withPropertyValues(ENDPOINTS)
			.run(context -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ZmqListenerEndpointRegistry.class)
					.hasSingleBean(ZmqTemplate.class);
				assertThat(context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainers()).hasSize(1);
				context.getBean(ZmqTemplate.class).convertAndSend("jobs", "job-2");
				Messaging messaging = context.getBean(Messaging.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> messaging.jobs.contains("job-2"));
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableZmq
	static class Messaging {

		final List<String> jobs = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "jobs-in")
		void job(String job) {
			this.jobs.add(job);
		}

	}

}
