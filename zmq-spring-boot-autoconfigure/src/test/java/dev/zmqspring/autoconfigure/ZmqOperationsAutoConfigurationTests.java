package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.metrics.ZmqMetricsAutoConfiguration;
import dev.zmqspring.actuate.ZmqActuatorEndpointAutoConfiguration;
import dev.zmqspring.actuate.ZmqHealthContributorAutoConfiguration;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqSocketCustomizer;
import dev.zmqspring.event.ZmqEventPublisher;
import dev.zmqspring.event.ZmqListenerContainerStartedEvent;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.testsupport.RawSockets;
import dev.zmqspring.testsupport.ZmqEventRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health, the {@code zmq} endpoint and metrics are each optional: absent without their
 * library, and switched off with the usual {@code management.*} properties; the starter
 * works the same either way.
 */
@Timeout(30)
class ZmqOperationsAutoConfigurationTests {

	private static final AutoConfigurations OPERATIONS = AutoConfigurations.of(ZmqAutoConfiguration.class,
			ZmqEventAutoConfiguration.class, ZmqHealthContributorAutoConfiguration.class,
			ZmqActuatorEndpointAutoConfiguration.class, ZmqMetricsAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(OPERATIONS)
		.withUserConfiguration(Listeners.class)
		.withPropertyValues("zmq.endpoints.jobs.type=PULL", "zmq.endpoints.jobs.bind=tcp://127.0.0.1:*",
				"zmq.shutdown-timeout=2s");

	@Test
	void withoutActuatorOrMicrometerListenersWorkAndEventsArePublished() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class, Endpoint.class, MeterBinder.class))
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("zmqHealthContributor")
					.doesNotHaveBean("zmqIoProbe")
					.doesNotHaveBean("zmqActuatorEndpoint")
					.doesNotHaveBean("zmqMetrics")
					.hasSingleBean(ZmqEventPublisher.class);
				Listeners listeners = context.getBean(Listeners.class);
				String address = context.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("jobs")
					.getAddresses()
					.get(0);
				try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
					RawSockets.connect(push, address);
					push.send("job");
					await().atMost(Duration.ofSeconds(10)).until(() -> listeners.received.contains("job"));
				}
				ZmqEventRecorder events = context.getBean(ZmqEventRecorder.class);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> !events.events(ZmqListenerContainerStartedEvent.class).isEmpty());
			});
	}

	@Test
	void healthContributorWithItsProbeIsOnByDefault() {
		this.runner.run(context -> {
			assertThat(context).hasBean("zmqIoProbe");
			CompositeHealthContributor zmq = context.getBean("zmqHealthContributor", CompositeHealthContributor.class);
			assertThat(zmq.stream().map(HealthContributors.Entry::name)).containsExactly("io", "listeners", "senders");
			assertThat(health(zmq, "io").getStatus()).isEqualTo(Status.UP);
			Health listeners = health(zmq, "listeners");
			assertThat(listeners.getStatus()).isEqualTo(Status.UP);
			assertThat(listeners.getDetails()).containsKey("jobs");
		});
	}

	@Test
	void healthContributorCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.zmq.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean("zmqHealthContributor").doesNotHaveBean("zmqIoProbe"));
	}

	@Test
	void probeAloneCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.zmq.probe.enabled=false").run(context -> {
			assertThat(context).doesNotHaveBean("zmqIoProbe");
			CompositeHealthContributor zmq = context.getBean("zmqHealthContributor", CompositeHealthContributor.class);
			assertThat(zmq.getContributor("io")).isNull();
			assertThat(health(zmq, "listeners").getStatus()).isEqualTo(Status.UP);
		});
	}

	private static Health health(CompositeHealthContributor composite, String name) {
		return ((HealthIndicator) composite.getContributor(name)).health();
	}

	@Test
	void customizerThatMonitorsTheSocketItselfKeepsItsMonitor() {
		String monitor = "inproc://operations-user-monitor";
		this.runner
			.withBean(ZmqSocketCustomizer.class,
					() -> (endpoint, socket) -> socket.monitor(monitor, ZMQ.EVENT_ACCEPTED))
			.run(context -> {
				assertThat(context).hasNotFailed();
				String address = context.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("jobs")
					.getAddresses()
					.get(0);
				try (ZMQ.Socket reader = context.getBean(ZContext.class).createSocket(SocketType.PAIR);
						ZContext peer = new ZContext();
						ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
					reader.connect(monitor);
					reader.setReceiveTimeOut(5000);
					RawSockets.connect(push, address);
					ZEvent accepted = ZEvent.recv(reader);
					assertThat(accepted).isNotNull();
					assertThat(accepted.getEvent()).isEqualTo(ZMonitor.Event.ACCEPTED);
					push.send("job");
					Listeners listeners = context.getBean(Listeners.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> listeners.received.contains("job"));
				}
				// The starter leaves the application's monitor alone and does not count
				// peers for that socket.
				CompositeHealthContributor zmq = context.getBean("zmqHealthContributor",
						CompositeHealthContributor.class);
				assertThat(health(zmq, "listeners").getDetails().get("jobs"))
					.asInstanceOf(InstanceOfAssertFactories.MAP)
					.doesNotContainKey("peers");
			});
	}

	@Test
	void endpointIsThereOnlyWhenExposedAndAccessible() {
		WebApplicationContextRunner web = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.withConfiguration(OPERATIONS)
			.withUserConfiguration(Listeners.class)
			.withPropertyValues("zmq.endpoints.jobs.type=PULL", "zmq.endpoints.jobs.bind=tcp://127.0.0.1:*",
					"zmq.shutdown-timeout=2s");
		web.run(context -> assertThat(context).doesNotHaveBean("zmqActuatorEndpoint"));
		web.withPropertyValues("management.endpoints.web.exposure.include=health,zmq")
			.run(context -> assertThat(context).hasBean("zmqActuatorEndpoint"));
		web.withPropertyValues("management.endpoints.web.exposure.include=health,zmq",
				// Upper case: the runner's environment lacks the lenient enum conversion
				// of a SpringApplication.
				"management.endpoint.zmq.access=NONE")
			.run(context -> assertThat(context).doesNotHaveBean("zmqActuatorEndpoint"));
	}

	@Test
	void metricsAreBoundToTheMeterRegistryAndCanBeSwitchedOff() {
		ApplicationContextRunner metrics = this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));
		metrics.run(context -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("zmq.messages.received").tag("name", "jobs").functionCounter()).isNotNull();
			assertThat(registry.find("zmq.listener.process").tag("name", "jobs").timers()).hasSize(2);
		});
		metrics.withPropertyValues("management.metrics.enable.zmq=false").run(context -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("zmq.messages.received").meters()).isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "jobs", endpoint = "jobs")
		void job(String job) {
			this.received.add(job);
		}

		@Bean
		ZmqEventRecorder zmqEventRecorder() {
			return new ZmqEventRecorder();
		}

	}

}
