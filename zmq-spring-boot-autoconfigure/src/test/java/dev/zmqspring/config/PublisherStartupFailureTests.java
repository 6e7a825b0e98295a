package dev.zmqspring.config;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.config.publisherapps.reply.JobClient;
import dev.zmqspring.config.publisherapps.sink.SinkPublisher;
import dev.zmqspring.config.publisherapps.topic.UserEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static dev.zmqspring.testsupport.StartupFailures.assertFailedWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @ZmqPublisher} interface that cannot work fails startup, and the message names
 * the interface (and the method), the endpoint and the fix. Each interface lives in its
 * own package, the application package of its test.
 */
@Timeout(30)
class PublisherStartupFailureTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void unknownEndpointNameFailsStartup() {
		this.runner.withUserConfiguration(SinkApplication.class)
			.withPropertyValues("zmq.endpoints.other.type=PUSH", "zmq.endpoints.other.bind=inproc://psf-other")
			.run(context -> assertFailedWith(context, "@ZmqPublisher interface " + SinkPublisher.class.getName(),
					"no endpoint named 'sink'", "declare zmq.endpoints.sink.type and .bind or .connect",
					"known endpoints: other"));
	}

	@ParameterizedTest
	@CsvSource({ "PULL, bind", "SUB, connect" })
	void publisherOnAReceivingEndpointFailsStartup(String type, String side) {
		this.runner.withUserConfiguration(SinkApplication.class)
			.withPropertyValues("zmq.endpoints.sink.type=" + type, "zmq.endpoints.sink." + side + "=inproc://psf-sink")
			.run(context -> assertFailedWith(context, "@ZmqPublisher interface " + SinkPublisher.class.getName(),
					"endpoint 'sink' is " + type + " and cannot send",
					"set zmq.endpoints.sink.type to one of PUB, PUSH, REQ, PAIR, DEALER"));
	}

	@Test
	void publisherOnASendingEndpointStartsAndIsABean() {
		this.runner.withUserConfiguration(SinkApplication.class)
			.withPropertyValues("zmq.endpoints.sink.type=PUSH", "zmq.endpoints.sink.bind=inproc://psf-sink-ok")
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(SinkPublisher.class));
	}

	@Test
	void publisherMethodReturningAValueOnAOneWayEndpointFailsStartup() {
		this.runner.withUserConfiguration(JobApplication.class)
			.withPropertyValues("zmq.endpoints.jobs.type=PUSH", "zmq.endpoints.jobs.bind=inproc://psf-jobs")
			.run(context -> assertFailedWith(context, "@ZmqPublisher method " + JobClient.class.getName() + ".submit()",
					"endpoint 'jobs' is PUSH and gets no reply", "must return void"));
	}

	@Test
	void publisherMethodReturningAValueOnARequestEndpointStarts() {
		this.runner.withUserConfiguration(JobApplication.class)
			.withPropertyValues("zmq.endpoints.jobs.type=REQ", "zmq.endpoints.jobs.connect=inproc://psf-jobs-req")
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(JobClient.class));
	}

	@Test
	void topicOnAPushPublisherFailsStartup() {
		this.runner.withUserConfiguration(EventsApplication.class)
			.withPropertyValues("zmq.endpoints.events.type=PUSH", "zmq.endpoints.events.bind=inproc://psf-events")
			.run(context -> assertFailedWith(context, "@ZmqPublisher method " + UserEvents.class.getName() + ".",
					"@ZmqTopic needs a PUB endpoint, but 'events' is PUSH",
					"remove @ZmqTopic or change zmq.endpoints.events.type"));
	}

	@Test
	void topicOnAPubPublisherStarts() {
		this.runner.withUserConfiguration(EventsApplication.class)
			.withPropertyValues("zmq.endpoints.events.type=PUB", "zmq.endpoints.events.bind=inproc://psf-events-pub")
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(UserEvents.class));
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = SinkPublisher.class)
	static class SinkApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = JobClient.class)
	static class JobApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = UserEvents.class)
	static class EventsApplication {

	}

}
