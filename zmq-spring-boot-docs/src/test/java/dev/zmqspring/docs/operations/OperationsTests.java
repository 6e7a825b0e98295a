package dev.zmqspring.docs.operations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.docs.DocsYaml;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The examples of docs/operations.md in an application with Actuator: the probe groups, min-peers in health, and
 * the disconnect event.
 */
@SpringBootTest(classes = OperationsTests.OperationsApplication.class,
		properties = { "spring.config.name=operations-tests", "zmq.endpoints.orders.bind=tcp://127.0.0.1:*",
				"spring.datasource.url=jdbc:h2:mem:operations" })
@ContextConfiguration(initializers = OperationsTests.PageYaml.class)
@Timeout(60)
class OperationsTests {

	@Autowired
	HealthEndpoint health;

	@Autowired
	ZmqListenerEndpointRegistry listeners;

	@Autowired
	PeerWatcher watcher;

	@Test
	void readinessFollowsMinPeersLivenessOnlyTheIoThreadAndTheLastPeerLeavingIsAnEvent() {
		assertThat(this.health.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
		CompositeHealthDescriptor liveness = (CompositeHealthDescriptor) this.health.healthForPath("liveness");
		assertThat(liveness.getComponents()).containsOnlyKeys("livenessState", "zmq");
		assertThat(this.health.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);   // 0 of 2 peers

		String address = this.listeners.getListenerContainers().iterator().next().getAddresses().get(0);
		try (ZContext peers = new ZContext()) {
			List<ZMQ.Socket> pushers = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				ZMQ.Socket push = peers.createSocket(SocketType.PUSH);
				// A stalled connection retries after 1 s, not JeroMQ's default 30 s.
				push.setHandshakeIvl(1000);
				push.connect(address);
				pushers.add(push);
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.health.healthForPath("readiness").getStatus().equals(Status.UP));
			pushers.forEach(ZMQ.Socket::close);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.watcher.alerts.contains("orders"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.health.healthForPath("readiness").getStatus().equals(Status.DOWN));
		assertThat(this.health.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void deploymentSpecOfThePageProbesTheGroups() {
		var deployment = DocsYaml.load("docs/operations/deployment.yml");
		assertThat(deployment.getProperty("livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat(deployment.getProperty("readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
	}

	static class PageYaml implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			DocsYaml.initializer("docs/operations/probes.yml").initialize(context);
			DocsYaml.initializer("docs/operations/min-peers.yml").initialize(context);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PeerWatcher.class)
	static class OperationsApplication {

	}

}
