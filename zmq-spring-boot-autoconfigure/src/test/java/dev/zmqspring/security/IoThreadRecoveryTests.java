package dev.zmqspring.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.actuate.ZmqHealthContributorAutoConfiguration;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqEventAutoConfiguration;
import dev.zmqspring.core.IoThreadFailures;
import dev.zmqspring.event.ZmqIoThreadDiedEvent;
import dev.zmqspring.listener.ZmqListenerContainer;
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
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@link OutOfMemoryError} on JeroMQ's I/O thread while it takes the memory of a
 * listener's frame (provoked here by the guard's memory, at one frame size) no longer
 * deafens the application: the thread goes on serving every other connection, the
 * listener's socket is reopened on the same port (which drops the connection the error
 * left half-read), and its peers, old and new, are served again. The failure is logged,
 * counted, published and shown by the {@code zmq/io} health indicator. A failure that
 * keeps coming back ends the thread after {@link IoThreadFailures#MAX_RECOVERIES}
 * recoveries, as before, with health DOWN and a bounded shutdown.
 */
@Timeout(90)
@ExtendWith(OutputCaptureExtension.class)
class IoThreadRecoveryTests {

	/** The frame size at which the test memory throws. */
	private static final int POISON_SIZE = 4242;

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class,
				ZmqEventAutoConfiguration.class, ZmqHealthContributorAutoConfiguration.class,
				ZmqMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withUserConfiguration(Listeners.class, ZmqEventRecorder.class)
		.withPropertyValues("zmq.endpoints.victim.type=PULL", "zmq.endpoints.victim.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.bystander.type=PULL", "zmq.endpoints.bystander.bind=tcp://127.0.0.1:*",
				"zmq.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms");

	@Test
	void anErrorWhileReadingForAListenerIsRecoveredFromAndEveryPeerIsServedAgain(CapturedOutput output) {
		this.runner.run(context -> {
			Listeners listeners = context.getBean(Listeners.class);
			IoThreadFailures failures = context.getBean(IoThreadFailures.class);
			String victim = address(context, "victim");
			try (ZContext peers = new ZContext()) {
				ZMQ.Socket bystander = push(peers, address(context, "bystander"));
				bystander.send("before");
				assertThat(listeners.bystander.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("before");
				ZMQ.Socket poisoner = push(peers, victim);
				poisoner.send("first");
				assertThat(listeners.victim.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("first");

				listeners.poisons.set(1);
				poisoner.send(new byte[POISON_SIZE]);
				await().atMost(WAIT).until(() -> failures.getRecoveries() == 1 && !failures.isRecovering());

				// The same peer (reconnected to the same port), a new one, and a peer of
				// another endpoint whose connection was never touched.
				assertThat(address(context, "victim")).isEqualTo(victim);
				// Sent before the peer noticed that its connection was dropped, a message
				// can go down the old connection and be lost: the reopened socket counts
				// the peer once it has connected again.
				await().atMost(WAIT).until(() -> victim(context).getActivity().getConnectedPeers() == 1);
				poisoner.send("after, same peer");
				assertThat(listeners.victim.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("after, same peer");
				push(peers, victim).send("after, new peer");
				assertThat(listeners.victim.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("after, new peer");
				bystander.send("after");
				assertThat(listeners.bystander.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("after");
			}
			assertThat(failures.getDeaths()).isZero();
			assertThat(listeners.victim).isEmpty();
			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("recoveries", 1L);
			assertThat(health.getDetails().get("lastRecovery")).asString()
				.contains("failed with java.lang.OutOfMemoryError: provoked by the test")
				.contains("endpoint 'victim'");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("zmq.io.thread.failures").tag("kind", "recovered").functionCounter().count())
				.isEqualTo(1.0);
			assertThat(meters.get("zmq.io.thread.failures").tag("kind", "died").functionCounter().count()).isZero();
			assertThat(output).contains("ERROR")
				.contains("while reading a frame for endpoint 'victim'")
				.contains("Listener 'victim' reopened its socket on [" + victim + "]");
			ZmqEventRecorder recorder = context.getBean(ZmqEventRecorder.class);
			await().atMost(WAIT).until(() -> !recorder.events(ZmqIoThreadDiedEvent.class).isEmpty());
			ZmqIoThreadDiedEvent event = recorder.events(ZmqIoThreadDiedEvent.class).get(0);
			assertThat(event.isRecovered()).isTrue();
			assertThat(event.getDescription()).isEqualTo(failures.getLastRecovery());
		});
	}

	@Test
	void aFailureThatKeepsComingBackEndsTheThreadAfterTheLastRecovery() {
		this.runner.run(context -> {
			Listeners listeners = context.getBean(Listeners.class);
			IoThreadFailures failures = context.getBean(IoThreadFailures.class);
			listeners.poisons.set(Integer.MAX_VALUE);
			try (ZContext peers = new ZContext()) {
				ZMQ.Socket poisoner = push(peers, address(context, "victim"));
				for (int failure = 1; failure <= IoThreadFailures.MAX_RECOVERIES; failure++) {
					int expected = failure;
					// Connected (again) to the (reopened) socket, so that the poison does
					// not
					// go down a dropped connection.
					await().atMost(WAIT).until(() -> victim(context).getActivity().getConnectedPeers() == 1);
					poisoner.send(new byte[POISON_SIZE]);
					await().atMost(WAIT).until(() -> failures.getRecoveries() == expected && !failures.isRecovering());
				}
				assertThat(failures.getDeaths()).isZero();
				await().atMost(WAIT).until(() -> victim(context).getActivity().getConnectedPeers() == 1);
				poisoner.send(new byte[POISON_SIZE]);
				await().atMost(WAIT).until(() -> failures.getDeaths() == 1);
			}
			assertThat(failures.getRecoveries()).isEqualTo(IoThreadFailures.MAX_RECOVERIES);
			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("problem")).asString().contains("restart the application");
			long start = System.nanoTime();
			((org.springframework.context.ConfigurableApplicationContext) context).close();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHUTDOWN_TIMEOUT.plusSeconds(5));
		});
	}

	private static ZMQ.Socket push(ZContext peers, String address) {
		ZMQ.Socket push = peers.createSocket(SocketType.PUSH);
		push.setHandshakeIvl(1000);
		push.setLinger(0);
		push.connect(address);
		return push;
	}

	private static ZmqListenerContainer victim(ApplicationContext context) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("victim");
	}

	private static String address(ApplicationContext context, String id) {
		ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer(id);
		List<String> addresses = container.getAddresses();
		return addresses.get(0);
	}

	private static Health health(ApplicationContext context) {
		CompositeHealthContributor zmq = context.getBean("zmqHealthContributor", CompositeHealthContributor.class);
		return ((HealthIndicator) zmq.getContributor("io")).health();
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final AtomicInteger poisons = new AtomicInteger();

		final BlockingQueue<String> victim = new LinkedBlockingQueue<>();

		final BlockingQueue<String> bystander = new LinkedBlockingQueue<>();

		@Bean
		MalformedFrameGuard poisonedFrameGuard() {
			return new MalformedFrameGuard(Duration.ofMinutes(1), (size) -> {
				if (size == POISON_SIZE && this.poisons.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
					throw new OutOfMemoryError("provoked by the test");
				}
				return zmq.ZMQ.DEFAULT_MSG_ALLOCATOR.allocate(size);
			});
		}

		@ZmqListener(id = "victim", endpoint = "victim")
		void onVictim(byte[] payload) {
			this.victim.add(new String(payload, StandardCharsets.UTF_8));
		}

		@ZmqListener(id = "bystander", endpoint = "bystander")
		void onBystander(byte[] payload) {
			this.bystander.add(new String(payload, StandardCharsets.UTF_8));
		}

	}

}
