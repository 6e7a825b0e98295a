package dev.zmqspring.core;

import java.time.Duration;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.zmqspring.testsupport.StartupFailures.assertFailedWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zmq.socket.peer-wait-warning} and the reconnect defaults: bound globally and per
 * endpoint, 0 allowed (no warning), a negative time a startup error that names the
 * property and the fix.
 */
@Timeout(30)
class PeerWaitWarningPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withPropertyValues("zmq.endpoints.prices.type=SUB", "zmq.endpoints.prices.connect=tcp://127.0.0.1:5556");

	@Test
	void connectingSocketsRetryEvery100msBackingOffToOneSecondAndWarnAfterTenSecondsByDefault() {
		this.runner.run(context -> {
			SocketSettings settings = context.getBean(ZmqEndpointCatalog.class).get("prices", "test").settings();
			assertThat(settings.reconnectInterval()).isEqualTo(Duration.ofMillis(100));
			assertThat(settings.reconnectIntervalMax()).isEqualTo(Duration.ofSeconds(1));
			assertThat(settings.peerWaitWarning()).isEqualTo(Duration.ofSeconds(10));
			assertThat(context.getBean(ZmqEndpointCatalog.class).defaultSettings()).isEqualTo(SocketSettings.DEFAULTS);
		});
	}

	@Test
	void globalPeerWaitWarningAppliesToEveryEndpointAndInlineOnes() {
		this.runner.withPropertyValues("zmq.socket.peer-wait-warning=45s").run(context -> {
			ZmqEndpointCatalog catalog = context.getBean(ZmqEndpointCatalog.class);
			assertThat(catalog.get("prices", "test").settings().peerWaitWarning()).isEqualTo(Duration.ofSeconds(45));
			assertThat(catalog.defaultSettings().peerWaitWarning()).isEqualTo(Duration.ofSeconds(45));
		});
	}

	@Test
	void endpointPeerWaitWarningOverridesTheGlobalOneAndZeroTurnsItOff() {
		this.runner
			.withPropertyValues("zmq.socket.peer-wait-warning=5s", "zmq.endpoints.prices.socket.peer-wait-warning=0",
					"zmq.endpoints.orders.type=PUSH", "zmq.endpoints.orders.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.orders.socket.peer-wait-warning=2m")
			.run(context -> {
				ZmqEndpointCatalog catalog = context.getBean(ZmqEndpointCatalog.class);
				assertThat(catalog.get("prices", "test").settings().peerWaitWarning()).isZero();
				assertThat(catalog.get("orders", "test").settings().peerWaitWarning()).isEqualTo(Duration.ofMinutes(2));
				assertThat(catalog.defaultSettings().peerWaitWarning()).isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void negativePeerWaitWarningFailsStartupNamingThePropertyAndTheFix() {
		this.runner.withPropertyValues("zmq.socket.peer-wait-warning=-1s")
			.run(context -> assertFailedWith(context, "zmq.socket.peer-wait-warning must not be negative", "-1S",
					"use 0 to turn the warning off"));
		this.runner.withPropertyValues("zmq.endpoints.prices.socket.peer-wait-warning=-5s")
			.run(context -> assertFailedWith(context,
					"zmq.endpoints.prices.socket.peer-wait-warning must not be negative", "use 0"));
	}

}
