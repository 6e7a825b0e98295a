package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.SocketSettings;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSocketCustomizer;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static dev.zmqspring.testsupport.StartupFailures.assertFailedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How {@code zmq.*} properties bind, merge and fall back, and that socket options really
 * reach JeroMQ's sockets.
 */
@Timeout(30)
class ZmqPropertiesBindingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void ioThreadsSizeTheSharedContext() {
		this.runner.run(context -> assertThat(context.getBean(ZContext.class).getIoThreads()).isEqualTo(1));
		this.runner.withPropertyValues("zmq.io-threads=3")
			.run(context -> assertThat(context.getBean(ZContext.class).getIoThreads()).isEqualTo(3));
	}

	@Test
	void zeroIoThreadsFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("zmq.io-threads=0")
			.run(context -> assertFailedWith(context, "zmq.io-threads must be at least 1", "was 0"));
	}

	@Test
	void shutdownTimeoutBoundsTheWaitForAStuckListener() {
		CountDownLatch release = new CountDownLatch(1);
		AtomicLong closing = new AtomicLong();
		try {
			this.runner.withBean("stuckListener", StuckListener.class, release)
				.withPropertyValues("zmq.shutdown-timeout=300ms", "zmq.endpoints.in.type=PULL",
						"zmq.endpoints.in.bind=inproc://binding-stuck", "zmq.endpoints.out.type=PUSH",
						"zmq.endpoints.out.connect=inproc://binding-stuck")
				.run(context -> {
					assertThat(context).hasNotFailed();
					context.getBean(ZmqTemplate.class).convertAndSend("out", "hold on");
					assertThat(context.getBean(StuckListener.class).entered.await(10, TimeUnit.SECONDS)).isTrue();
					closing.set(System.nanoTime());
				});
			// With the default of 10s the application would take ten seconds to stop.
			assertThat(Duration.ofNanos(System.nanoTime() - closing.get())).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void socketOptionsDefaultToTheStartersDefaults() {
		this.runner.withPropertyValues("zmq.endpoints.in.type=PULL", "zmq.endpoints.in.bind=inproc://binding-defaults")
			.run(context -> {
				ZmqEndpointCatalog catalog = context.getBean(ZmqEndpointCatalog.class);
				assertThat(catalog.defaultSettings()).isEqualTo(SocketSettings.DEFAULTS);
				assertThat(catalog.get("in", "test").settings()).isEqualTo(SocketSettings.DEFAULTS);
				assertThat(catalog.defaultRequestTimeout()).isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void globalSocketOptionsApplyToEveryEndpoint() {
		this.runner.withPropertyValues("zmq.socket.linger=2s", "zmq.socket.send-high-water-mark=11",
				"zmq.socket.receive-high-water-mark=12", "zmq.socket.reconnect-interval=250ms",
				"zmq.socket.reconnect-interval-max=7s", "zmq.socket.heartbeat-interval=3s",
				"zmq.socket.heartbeat-timeout=4s", "zmq.socket.heartbeat-ttl=5s", "zmq.socket.max-message-size=64KB",
				"zmq.socket.send-timeout=900ms", "zmq.socket.send-queue-capacity=13",
				"zmq.socket.handshake-interval=1500ms", "zmq.socket.max-connections=14",
				"zmq.socket.receive-buffer-budget=8MB", "zmq.socket.max-handshaking-connections=15",
				"zmq.socket.max-message-frames=16", "zmq.socket.subscription-budget=2MB", "zmq.endpoints.in.type=PULL",
				"zmq.endpoints.in.bind=inproc://binding-global")
			.run(context -> {
				SocketSettings expected = new SocketSettings(Duration.ofSeconds(2), 11, 12, Duration.ofMillis(250),
						Duration.ofSeconds(7), Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5),
						64 * 1024, Duration.ofMillis(900), 13, Duration.ofMillis(1500),
						SocketSettings.DEFAULT_PEER_WAIT_WARNING, 14, 8L * 1024 * 1024, 15, 16, 2L * 1024 * 1024);
				ZmqEndpointCatalog catalog = context.getBean(ZmqEndpointCatalog.class);
				assertThat(catalog.defaultSettings()).isEqualTo(expected);
				assertThat(catalog.get("in", "test").settings()).isEqualTo(expected);
			});
	}

	@Test
	void endpointSocketOptionsAreMergedOverGlobalOnes() {
		this.runner
			.withPropertyValues("zmq.socket.linger=2s", "zmq.socket.send-high-water-mark=50",
					"zmq.endpoints.tuned.type=PUSH", "zmq.endpoints.tuned.bind=inproc://binding-tuned",
					"zmq.endpoints.tuned.socket.linger=3s", "zmq.endpoints.tuned.socket.max-message-size=2KB",
					"zmq.endpoints.plain.type=PULL", "zmq.endpoints.plain.bind=inproc://binding-plain")
			.run(context -> {
				ZmqEndpointCatalog catalog = context.getBean(ZmqEndpointCatalog.class);
				SocketSettings tuned = catalog.get("tuned", "test").settings();
				assertThat(tuned.linger()).isEqualTo(Duration.ofSeconds(3));
				assertThat(tuned.maxMessageSize()).isEqualTo(2048);
				assertThat(tuned.sendHighWaterMark()).isEqualTo(50);
				assertThat(tuned.receiveHighWaterMark()).isEqualTo(SocketSettings.DEFAULTS.receiveHighWaterMark());
				SocketSettings plain = catalog.get("plain", "test").settings();
				assertThat(plain.linger()).isEqualTo(Duration.ofSeconds(2));
				assertThat(plain.maxMessageSize()).isEqualTo(SocketSettings.DEFAULTS.maxMessageSize());
				assertThat(plain.sendHighWaterMark()).isEqualTo(50);
			});
	}

	@Test
	void requestTimeoutFallsBackToTheGlobalOne() {
		this.runner
			.withPropertyValues("zmq.request-timeout=750ms", "zmq.endpoints.ask.type=REQ",
					"zmq.endpoints.ask.connect=inproc://binding-ask", "zmq.endpoints.slow.type=REQ",
					"zmq.endpoints.slow.connect=inproc://binding-slow", "zmq.endpoints.slow.request-timeout=2s")
			.run(context -> {
				ZmqEndpointCatalog catalog = context.getBean(ZmqEndpointCatalog.class);
				assertThat(catalog.get("ask", "test").requestTimeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(catalog.get("slow", "test").requestTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(catalog.defaultRequestTimeout()).isEqualTo(Duration.ofMillis(750));
			});
	}

	@Test
	void heartbeatTimeoutAndTtlAreDerivedWhenOnlyTheIntervalIsSet() {
		this.runner
			.withPropertyValues("zmq.socket.heartbeat-interval=2s", "zmq.endpoints.derived.type=PULL",
					"zmq.endpoints.derived.bind=inproc://binding-derived", "zmq.endpoints.own.type=PULL",
					"zmq.endpoints.own.bind=inproc://binding-own", "zmq.endpoints.own.socket.heartbeat-timeout=1s")
			.run(context -> {
				ZmqEndpointCatalog catalog = context.getBean(ZmqEndpointCatalog.class);
				SocketSettings derived = catalog.get("derived", "test").settings();
				assertThat(derived.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(6));
				assertThat(derived.heartbeatTtl()).isEqualTo(Duration.ofSeconds(12));
				SocketSettings own = catalog.get("own", "test").settings();
				assertThat(own.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(own.heartbeatTtl()).isEqualTo(Duration.ofSeconds(12));
			});
	}

	@Test
	void heartbeatsAreOnByDefault() {
		this.runner.withPropertyValues("zmq.endpoints.in.type=PULL", "zmq.endpoints.in.bind=inproc://binding-no-hb")
			.run(context -> {
				SocketSettings settings = context.getBean(ZmqEndpointCatalog.class).get("in", "test").settings();
				assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(15));
				assertThat(settings.heartbeatTtl()).isEqualTo(Duration.ofSeconds(30));
			});
	}

	@Test
	void configuredOptionsReachTheJeromqSockets() {
		this.runner.withUserConfiguration(RecordingCustomizer.class)
			.withBean("optionsListener", OptionsListener.class)
			.withPropertyValues("zmq.socket.linger=250ms", "zmq.socket.receive-high-water-mark=88",
					"zmq.socket.reconnect-interval=150ms", "zmq.socket.reconnect-interval-max=4s",
					"zmq.socket.heartbeat-interval=1s", "zmq.endpoints.out.type=PUSH",
					"zmq.endpoints.out.connect=inproc://binding-options-out",
					"zmq.endpoints.out.socket.send-high-water-mark=77",
					"zmq.endpoints.out.socket.max-message-size=64KB", "zmq.endpoints.out.socket.heartbeat-ttl=20s",
					"zmq.endpoints.in.type=PULL", "zmq.endpoints.in.connect=inproc://binding-options-in")
			.run(context -> {
				assertThat(context).hasNotFailed();
				Map<String, SocketOptions> seen = context.getBean(RecordingCustomizer.class).seen;
				await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsKey("out") && seen.containsKey("in"));
				SocketOptions out = seen.get("out");
				assertThat(out.linger()).isEqualTo(250);
				assertThat(out.sendHighWaterMark()).isEqualTo(77);
				assertThat(out.receiveHighWaterMark()).isEqualTo(88);
				assertThat(out.reconnectInterval()).isEqualTo(150);
				assertThat(out.reconnectIntervalMax()).isEqualTo(4000);
				assertThat(out.maxMessageSize()).isEqualTo(64 * 1024);
				assertThat(out.heartbeatInterval()).isEqualTo(1000);
				assertThat(out.heartbeatTimeout()).isEqualTo(3000);
				assertThat(out.heartbeatTtl()).isEqualTo(20_000);
				SocketOptions in = seen.get("in");
				assertThat(in.linger()).isEqualTo(250);
				assertThat(in.sendHighWaterMark()).isEqualTo(SocketSettings.DEFAULTS.sendHighWaterMark());
				assertThat(in.receiveHighWaterMark()).isEqualTo(88);
				assertThat(in.maxMessageSize()).isEqualTo(SocketSettings.DEFAULTS.maxMessageSize());
				assertThat(in.heartbeatInterval()).isEqualTo(1000);
				assertThat(in.heartbeatTtl()).isEqualTo(6000);
			});
	}

	@Test
	void inlineListenerEndpointsUseTheGlobalSocketOptions() {
		this.runner.withUserConfiguration(RecordingCustomizer.class)
			.withBean("inlineListener", InlineListener.class)
			.withPropertyValues("zmq.socket.linger=123ms", "zmq.socket.max-message-size=4KB")
			.run(context -> {
				assertThat(context).hasNotFailed();
				Map<String, SocketOptions> seen = context.getBean(RecordingCustomizer.class).seen;
				await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsKey("inlineListener.onMessage"));
				assertThat(seen.get("inlineListener.onMessage").linger()).isEqualTo(123);
				assertThat(seen.get("inlineListener.onMessage").maxMessageSize()).isEqualTo(4096);
			});
	}

	@Test
	void customizersRunInOrderAfterTheConfiguredOptions() {
		this.runner.withUserConfiguration(OrderedCustomizers.class)
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.bind=inproc://binding-ordered",
					"zmq.endpoints.out.socket.send-high-water-mark=5")
			.run(context -> {
				assertThat(context).hasNotFailed();
				List<String> calls = context.getBean(OrderedCustomizers.class).calls;
				await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 2);
				// The first customizer saw the configured option; the second saw the
				// first one's change.
				assertThat(calls).containsExactly("first saw 5", "second saw 6");
			});
	}

	@Test
	void listenerDefaultsComeFromProperties() {
		this.runner.withBean("inlineListener", InlineListener.class)
			.withPropertyValues("zmq.listener.concurrency=3", "zmq.listener.auto-startup=false")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("inlineListener.onMessage");
				assertThat(container.getConcurrency()).isEqualTo(3);
				assertThat(container.isAutoStartup()).isFalse();
				assertThat(container.isRunning()).isFalse();
			});
	}

	record SocketOptions(int linger, int sendHighWaterMark, int receiveHighWaterMark, int reconnectInterval,
			int reconnectIntervalMax, long maxMessageSize, int heartbeatInterval, int heartbeatTimeout,
			int heartbeatTtl) {

		static SocketOptions of(ZMQ.Socket socket) {
			return new SocketOptions(socket.getLinger(), socket.getSndHWM(), socket.getRcvHWM(),
					socket.getReconnectIVL(), socket.getReconnectIVLMax(), socket.getMaxMsgSize(),
					socket.getHeartbeatIvl(), socket.getHeartbeatTimeout(), socket.getHeartbeatTtl());
		}

	}

	/**
	 * Records each socket's options as JeroMQ reports them, just before it binds or
	 * connects.
	 */
	static class RecordingCustomizer implements ZmqSocketCustomizer {

		final Map<String, SocketOptions> seen = new ConcurrentHashMap<>();

		@Override
		public void customize(ZmqEndpoint endpoint, ZMQ.Socket socket) {
			this.seen.put(endpoint.name(), SocketOptions.of(socket));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedCustomizers {

		final List<String> calls = new CopyOnWriteArrayList<>();

		// Declared in the opposite order on purpose.
		@Bean
		@Order(2)
		ZmqSocketCustomizer second() {
			return (endpoint, socket) -> this.calls.add("second saw " + socket.getSndHWM());
		}

		@Bean
		@Order(1)
		ZmqSocketCustomizer first() {
			return (endpoint, socket) -> {
				this.calls.add("first saw " + socket.getSndHWM());
				socket.setSndHWM(socket.getSndHWM() + 1);
			};
		}

	}

	static class OptionsListener {

		@ZmqListener(endpoint = "in")
		void onMessage(String text) {
		}

	}

	static class InlineListener {

		@ZmqListener(type = "PULL", bind = "inproc://binding-inline")
		void onMessage(String text) {
		}

	}

	static class StuckListener {

		final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch release;

		StuckListener(CountDownLatch release) {
			this.release = release;
		}

		@ZmqListener(endpoint = "in")
		void onMessage(String text) throws InterruptedException {
			this.entered.countDown();
			this.release.await(30, TimeUnit.SECONDS);
		}

	}

}
