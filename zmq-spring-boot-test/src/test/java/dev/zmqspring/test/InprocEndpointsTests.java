package dev.zmqspring.test;

import java.util.List;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.autoconfigure.ZmqEventAutoConfiguration;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.proxy.ZmqProxyRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@link AutoConfigureZmqTest}, the application's tcp endpoints are on inproc: a
 * binding and a connecting endpoint of one application still meet, two applications with
 * the same fixed ports run side by side, and nothing opens a port.
 */
@SpringBootTest(classes = ShopApplication.class)
@AutoConfigureZmqTest
@Timeout(60)
class InprocEndpointsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqEventAutoConfiguration.class,
				ZmqTestAutoConfiguration.class))
		.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.bind=tcp://127.0.0.1:45201",
				"zmq.endpoints.in.type=PULL", "zmq.endpoints.in.connect=tcp://localhost:45201",
				"zmq.proxies.relay.type=streamer", "zmq.proxies.relay.frontend.bind=tcp://*:45202",
				"zmq.proxies.relay.backend.bind=ipc:///tmp/relay", "zmq.proxies.relay.capture=tcp://*:*");

	@Autowired
	ZmqEndpointCatalog catalog;

	@Autowired
	ZmqTemplate template;

	@Autowired
	ZmqListenerTestHarness harness;

	@Test
	void everyConfiguredAddressIsOnInprocAndBothEndsStillMeet() {
		assertThat(this.catalog.get("orders", "test").addresses()).containsExactly("inproc://zmq-test-tcp-45101");
		// Another service's address keeps its host; one the application binds itself does
		// not.
		assertThat(this.catalog.get("feed-in", "test").addresses())
			.containsExactly("inproc://zmq-test-tcp-feed.example-45104");
		assertThat(this.catalog.get("local-in", "test").addresses()).containsExactly("inproc://zmq-test-tcp-45110");
		assertThat(this.catalog.endpoints().values()).allSatisfy(
				(endpoint) -> assertThat(endpoint.addresses()).allMatch((address) -> address.startsWith("inproc://")));
		this.template.convertAndSend("local-out", "hello");
		assertThat(this.harness.awaitInvocation("local").getArguments()).containsExactly("hello");
	}

	@Test
	void twoApplicationsWithTheSameFixedPortsRunSideBySide() {
		this.runner.run((first) -> this.runner.run((second) -> {
			assertThat(first).hasNotFailed();
			assertThat(second).hasNotFailed();
			assertThat(first.getBean(ZmqEndpointCatalog.class).get("out", "test").addresses())
				.containsExactly("inproc://zmq-test-tcp-45201");
			ZmqProxyRegistry proxies = second.getBean(ZmqProxyRegistry.class);
			assertThat(proxies).isNotNull();
		}));
	}

	@Test
	void proxiesAreOnInprocToo() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getEnvironment().getProperty("zmq.proxies.relay.frontend.bind"))
				.isEqualTo("inproc://zmq-test-tcp-45202");
			assertThat(context.getEnvironment().getProperty("zmq.proxies.relay.backend.bind"))
				.isEqualTo("inproc://zmq-test-ipc-/tmp/relay");
			assertThat(context.getEnvironment().getProperty("zmq.proxies.relay.capture"))
				.startsWith("inproc://zmq-test-relay-capture-");
		});
	}

	@Test
	void withInprocOffTheAddressesStayAsConfigured() {
		this.runner.withPropertyValues("zmq.test.inproc=false", "zmq.endpoints.out.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.in.connect=tcp://127.0.0.1:45299", "zmq.proxies.relay.frontend.bind=tcp://127.0.0.1:*",
				"zmq.proxies.relay.backend.bind=tcp://127.0.0.1:*", "zmq.proxies.relay.capture=")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ZmqEndpointCatalog.class).get("in", "test").addresses())
					.isEqualTo(List.of("tcp://127.0.0.1:45299"));
				assertThat(context.getBean(ZmqTestClient.class)).isNotNull();
			});
	}

}
