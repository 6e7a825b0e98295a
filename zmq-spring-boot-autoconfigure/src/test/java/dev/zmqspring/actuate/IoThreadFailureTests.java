package dev.zmqspring.actuate;

import java.time.Duration;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqEventAutoConfiguration;
import dev.zmqspring.core.IoThreadFailures;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketCustomizer;
import dev.zmqspring.event.ZmqIoThreadDiedEvent;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.metrics.ZmqMetricsAutoConfiguration;
import dev.zmqspring.testsupport.ZmqEventRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When one of JeroMQ's I/O threads dies of an {@link OutOfMemoryError} (provoked here by
 * a test allocator that throws one for a frame of a chosen size), the application is
 * told: an ERROR log line naming the thread and the cause, the {@code zmq/io} health
 * indicator DOWN with the same words, an event, a count and a meter; and the application
 * still shuts down within {@code zmq.shutdown-timeout}.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class IoThreadFailureTests {

	/** The frame size at which the test allocator throws. */
	private static final int POISON_SIZE = 4242;

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqEventAutoConfiguration.class,
				ZmqHealthContributorAutoConfiguration.class, ZmqMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class))
		.withUserConfiguration(Victim.class, ZmqEventRecorder.class)
		.withPropertyValues("zmq.endpoints.victim.type=PULL", "zmq.endpoints.victim.bind=tcp://127.0.0.1:*",
				"zmq.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms");

	@Test
	void deadIoThreadIsLoggedCountedAndReportedDownAndShutdownStaysBounded(CapturedOutput output) {
		this.runner.run(context -> {
			IoThreadFailures failures = context.getBean(IoThreadFailures.class);
			assertThat(health(context).getStatus()).isEqualTo(Status.UP);
			String address = context.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer("victim")
				.getAddresses()
				.get(0);
			try (ZContext peerContext = new ZContext()) {
				ZMQ.Socket push = peerContext.createSocket(SocketType.PUSH);
				push.setHandshakeIvl(1000);
				push.connect(address);
				push.send(new byte[POISON_SIZE]);
				await().atMost(Duration.ofSeconds(20)).until(() -> failures.getDeaths() == 1);
			}
			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("problem")).asString()
				.contains("died of java.lang.OutOfMemoryError: provoked by the test")
				.contains("restart the application");
			assertThat(failures.getLastDeath()).contains("JeroMQ thread '");
			assertThat(context.getBean(MeterRegistry.class)
				.get("zmq.io.thread.failures")
				.tag("kind", "died")
				.functionCounter()
				.count()).isEqualTo(1.0);
			assertThat(output).contains("ERROR").contains("died of java.lang.OutOfMemoryError: provoked by the test");
			ZmqEventRecorder recorder = context.getBean(ZmqEventRecorder.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.events(ZmqIoThreadDiedEvent.class).isEmpty());
			ZmqIoThreadDiedEvent event = recorder.events(ZmqIoThreadDiedEvent.class).get(0);
			assertThat(event.getThreadName()).isNotEmpty();
			assertThat(event.getDescription()).isEqualTo(failures.getLastDeath());
			long start = System.nanoTime();
			context.close();
			Duration shutdown = Duration.ofNanos(System.nanoTime() - start);
			assertThat(shutdown).isLessThan(SHUTDOWN_TIMEOUT.plusSeconds(5));
		});
	}

	private static Health health(org.springframework.context.ApplicationContext context) {
		CompositeHealthContributor zmq = context.getBean("zmqHealthContributor", CompositeHealthContributor.class);
		return ((HealthIndicator) zmq.getContributor("io")).health();
	}

	@Configuration(proxyBeanMethods = false)
	static class Victim {

		@Bean
		ZmqSocketCustomizer poisonedAllocator() {
			return (ZmqEndpoint endpoint, ZMQ.Socket socket) -> {
				if (endpoint.name().equals("victim")) {
					socket.setMsgAllocator((size) -> {
						if (size == POISON_SIZE) {
							throw new OutOfMemoryError("provoked by the test");
						}
						return zmq.ZMQ.DEFAULT_MSG_ALLOCATOR.allocate(size);
					});
				}
			};
		}

		@ZmqListener(id = "victim", endpoint = "victim")
		void onMessage(byte[] payload) {
		}

	}

}
