package dev.zmqspring.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static dev.zmqspring.testsupport.StartupFailures.assertFailedWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mistakes in {@code zmq.endpoints.*}, {@code zmq.socket.*} and {@code zmq.proxies.*}
 * fail startup with a message that names the property and says how to fix it.
 */
@Timeout(30)
class ZmqPropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void endpointWithBindAndConnectFailsStartup() {
		this.runner
			.withPropertyValues("zmq.endpoints.orders.type=PULL", "zmq.endpoints.orders.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.orders.connect=tcp://127.0.0.1:5557")
			.run(context -> assertFailedWith(context, "zmq.endpoints.orders: both bind and connect are set",
					"keep one of zmq.endpoints.orders.bind and zmq.endpoints.orders.connect"));
	}

	@Test
	void endpointWithoutAddressFailsStartup() {
		this.runner.withPropertyValues("zmq.endpoints.orders.type=PULL")
			.run(context -> assertFailedWith(context,
					"zmq.endpoints.orders: set zmq.endpoints.orders.bind or zmq.endpoints.orders.connect",
					"for example tcp://127.0.0.1:5557"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			bind    | tcp:/x                 | malformed address 'tcp:/x'
			connect | tcp:/x                 | malformed address 'tcp:/x'
			bind    | tcp://127.0.0.1        | malformed address 'tcp://127.0.0.1'
			connect | tcp://127.0.0.1        | malformed address 'tcp://127.0.0.1'
			bind    | tcp://127.0.0.1:99999  | port 99999 in 'tcp://127.0.0.1:99999' is out of range
			connect | tcp://127.0.0.1:0      | port 0 in 'tcp://127.0.0.1:0' is out of range
			connect | tcp://127.0.0.1:*      | cannot connect to a wildcard port in 'tcp://127.0.0.1:*'
			connect | tcp://*:5557           | cannot connect to host '*'
			bind    | 127.0.0.1:5557         | malformed address '127.0.0.1:5557'
			""")
	void malformedEndpointAddressFailsStartup(String side, String address, String problem) {
		this.runner.withPropertyValues("zmq.endpoints.orders.type=PULL", "zmq.endpoints.orders." + side + "=" + address)
			.run(context -> assertFailedWith(context, "zmq.endpoints.orders." + side, problem, "tcp://127.0.0.1:"));
	}

	@Test
	void endpointWithoutTypeFailsStartupListingTheTypes() {
		this.runner.withPropertyValues("zmq.endpoints.orders.bind=tcp://127.0.0.1:*")
			.run(context -> assertFailedWith(context, "zmq.endpoints.orders.type is not set",
					"SUB, PULL, REP, PAIR, ROUTER", "PUB, PUSH, REQ, PAIR, DEALER"));
	}

	@Test
	void endpointWithUnknownTypeFailsStartupAndBootListsTheValidTypes() {
		this.runner.withPropertyValues("zmq.endpoints.orders.type=PULLL", "zmq.endpoints.orders.bind=tcp://127.0.0.1:*")
			.run(context -> {
				assertFailedWith(context, "zmq.endpoints.orders.type");
				// What the user reads in the "APPLICATION FAILED TO START" report.
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("zmq.endpoints.orders.type").contains("PULLL");
				assertThat(analysis.getAction()).contains("PULL", "PUSH", "SUB", "REP");
			});
	}

	@Test
	void deviceSocketTypeOnAnEndpointFailsStartupPointingAtProxies() {
		this.runner.withPropertyValues("zmq.endpoints.hub.type=XPUB", "zmq.endpoints.hub.bind=tcp://127.0.0.1:*")
			.run(context -> assertFailedWith(context, "zmq.endpoints.hub.type XPUB is for devices", "zmq.proxies"));
	}

	@Test
	void topicsOnANonSubEndpointFailStartup() {
		this.runner
			.withPropertyValues("zmq.endpoints.orders.type=PULL", "zmq.endpoints.orders.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.orders.topics=user.")
			.run(context -> assertFailedWith(context, "zmq.endpoints.orders.topics is only for SUB endpoints",
					"the type is PULL"));
	}

	@Test
	void topicDelimiterOnANonPubSubEndpointFailsStartup() {
		this.runner
			.withPropertyValues("zmq.endpoints.orders.type=PUSH", "zmq.endpoints.orders.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.orders.topic-delimiter=|")
			.run(context -> assertFailedWith(context, "zmq.endpoints.orders.topic-delimiter is only for PUB and SUB"));
	}

	@Test
	void topicDelimiterWithHeadersFrameFailsStartup() {
		this.runner
			.withPropertyValues("zmq.endpoints.news.type=SUB", "zmq.endpoints.news.connect=tcp://127.0.0.1:5556",
					"zmq.endpoints.news.topic-delimiter=|", "zmq.endpoints.news.headers-frame=true")
			.run(context -> assertFailedWith(context, "zmq.endpoints.news: topic-delimiter", "headers-frame",
					"cannot be combined; keep one"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "linger", "reconnect-interval", "reconnect-interval-max", "heartbeat-interval",
			"send-timeout" })
	void negativeSocketDurationFailsStartup(String option) {
		this.runner.withPropertyValues("zmq.socket." + option + "=-1s")
			.run(context -> assertFailedWith(context, "zmq.socket." + option + " must not be negative", "-1S"));
		this.runner
			.withPropertyValues("zmq.endpoints.orders.type=PULL", "zmq.endpoints.orders.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.orders.socket." + option + "=-1s")
			.run(context -> assertFailedWith(context,
					"zmq.endpoints.orders.socket." + option + " must not be negative"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "heartbeat-timeout", "heartbeat-ttl" })
	void negativeHeartbeatDurationFailsStartupNamingTheProperty(String option) {
		this.runner
			.withPropertyValues("zmq.socket.heartbeat-interval=1s", "zmq.socket." + option + "=-1s",
					"zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.bind=inproc://validation-negative-heartbeat")
			.run(context -> assertFailedWith(context, "zmq.socket." + option + " must not be negative"));
		// Also when heartbeats are off: the mistake must not wait until someone turns
		// them on.
		this.runner.withPropertyValues("zmq.socket." + option + "=-1s")
			.run(context -> assertFailedWith(context, "zmq.socket." + option + " must not be negative"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "zmq.request-timeout", "zmq.endpoints.ask.request-timeout", "zmq.shutdown-timeout" })
	void negativeTimeoutFailsStartupNamingTheProperty(String key) {
		this.runner
			.withPropertyValues("zmq.endpoints.ask.type=REQ", "zmq.endpoints.ask.connect=inproc://validation-ask",
					key + "=-1s")
			.run(context -> assertFailedWith(context, key, "must not be negative"));
	}

	@Test
	void zeroShutdownTimeoutStillStarts() {
		this.runner
			.withPropertyValues("zmq.shutdown-timeout=0s", "zmq.endpoints.out.type=PUSH",
					"zmq.endpoints.out.bind=inproc://validation-zero-shutdown")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void heartbeatTtlAboveWhatZmtpCanCarryFailsStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("zmq.socket.heartbeat-interval=1s", "zmq.socket.heartbeat-ttl=15m",
					"zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.bind=inproc://validation-ttl")
			.run(context -> assertFailedWith(context, "zmq.socket.heartbeat-ttl", "655"));
	}

	@Test
	void longHeartbeatIntervalStartsWithATtlZmtpCanCarry() {
		this.runner
			.withPropertyValues("zmq.socket.heartbeat-interval=2m", "zmq.endpoints.out.type=PUSH",
					"zmq.endpoints.out.bind=inproc://validation-long-heartbeat")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "0KB", "-1MB" })
	void nonPositiveMaxMessageSizeFailsStartup(String size) {
		this.runner.withPropertyValues("zmq.socket.max-message-size=" + size)
			.run(context -> assertFailedWith(context, "zmq.socket.max-message-size must be positive", "1MB",
					"exhaust the heap"));
	}

	@ParameterizedTest
	@CsvSource({ "send-high-water-mark, -1, 0", "receive-high-water-mark, -5, 0", "send-queue-capacity, 0, 1" })
	void tooSmallCountsFailStartup(String option, String value, String minimum) {
		this.runner.withPropertyValues("zmq.socket." + option + "=" + value)
			.run(context -> assertFailedWith(context, "zmq.socket." + option + " must be at least " + minimum,
					"was " + value));
	}

	@Test
	void proxyWithoutTypeFailsStartupListingTheKinds() {
		this.runner
			.withPropertyValues("zmq.proxies.hub.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.hub.backend.bind=tcp://127.0.0.1:*")
			.run(context -> assertFailedWith(context, "zmq.proxies.hub.type is not set", "forwarder", "streamer",
					"queue"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "frontend", "backend" })
	void proxyWithoutASideFailsStartupNamingTheSide(String missing) {
		String present = missing.equals("frontend") ? "backend" : "frontend";
		this.runner
			.withPropertyValues("zmq.proxies.hub.type=streamer",
					"zmq.proxies.hub." + present + ".bind=tcp://127.0.0.1:*")
			.run(context -> assertFailedWith(context,
					"zmq.proxies.hub." + missing + ": set zmq.proxies.hub." + missing + ".bind"));
	}

	@Test
	void proxySideWithBindAndConnectFailsStartup() {
		this.runner
			.withPropertyValues("zmq.proxies.hub.type=queue", "zmq.proxies.hub.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.hub.frontend.connect=tcp://127.0.0.1:5559",
					"zmq.proxies.hub.backend.bind=tcp://127.0.0.1:*")
			.run(context -> assertFailedWith(context, "zmq.proxies.hub.frontend: both bind and connect are set"));
	}

	@Test
	void proxyWithMalformedAddressesFailsStartupNamingTheKey() {
		this.runner
			.withPropertyValues("zmq.proxies.hub.type=forwarder", "zmq.proxies.hub.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.hub.backend.connect=tcp://127.0.0.1:*")
			.run(context -> assertFailedWith(context, "zmq.proxies.hub.backend.connect",
					"cannot connect to a wildcard port"));
		this.runner
			.withPropertyValues("zmq.proxies.hub.type=forwarder", "zmq.proxies.hub.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.hub.backend.bind=tcp://127.0.0.1:*", "zmq.proxies.hub.capture=tcp:/capture")
			.run(context -> assertFailedWith(context, "zmq.proxies.hub.capture", "malformed address 'tcp:/capture'"));
	}

	@Test
	void proxyWithUnknownTypeFailsStartupAndBootListsTheKinds() {
		this.runner
			.withPropertyValues("zmq.proxies.hub.type=broker", "zmq.proxies.hub.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.hub.backend.bind=tcp://127.0.0.1:*")
			.run(context -> {
				assertFailedWith(context, "zmq.proxies.hub.type");
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getAction()).containsIgnoringCase("forwarder")
					.containsIgnoringCase("streamer")
					.containsIgnoringCase("queue");
			});
	}

	/**
	 * Runs Boot's failure analyzers as {@code SpringApplication} does, and returns the
	 * first analysis.
	 */
	private static FailureAnalysis analyze(Throwable failure) {
		// Analyzers that need the (failed) context cannot be created here; the binding
		// analyzer needs nothing.
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, FailureHandler.handleMessage((message, ex) -> {
			}));
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

}
