package dev.zmqspring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.zmqspring.core.ZmqEndpointCatalog;

import static dev.zmqspring.testsupport.StartupFailures.assertFailedWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code zmq.endpoints.<name>.socket-per-thread} is only for endpoints where several
 * sockets can stand in for one: connecting PUSH, PUB, REQ and DEALER. Anywhere else the
 * application does not start, and says why. Unset, it is on for connecting REQ and DEALER
 * endpoints (their synchronous requests) and off everywhere else.
 */
@Timeout(30)
class SocketPerThreadValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "PUSH", "PUB", "REQ", "DEALER" })
	void aBindingEndpointWithASocketPerThreadFailsStartup(String type) {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=" + type, "zmq.endpoints.out.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.out.socket-per-thread=true")
			.run(context -> assertFailedWith(context, "zmq.endpoints.out.socket-per-thread",
					"only for endpoints that connect", "zmq.endpoints.out binds", "remove"));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "PAIR", "PULL", "SUB", "ROUTER", "REP" })
	void anEndpointOfAnotherTypeWithASocketPerThreadFailsStartup(String type) {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=" + type, "zmq.endpoints.out.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.out.socket-per-thread=true")
			.run(context -> assertFailedWith(context, "zmq.endpoints.out.socket-per-thread",
					"only for connecting PUSH, PUB, REQ and DEALER endpoints", "the type is " + type));
	}

	@Test
	void anAtLeastOnceDealerWithASocketPerThreadFailsStartup() {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=DEALER", "zmq.endpoints.out.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.out.delivery=at-least-once", "zmq.endpoints.out.socket-per-thread=true")
			.run(context -> assertFailedWith(context, "zmq.endpoints.out.socket-per-thread",
					"zmq.endpoints.out.delivery at-least-once", "outbox", "remove"));
	}

	@Test
	void connectingRequestEndpointsHaveItByDefaultAndEveryOtherEndpointNot() {
		this.runner
			.withPropertyValues("zmq.endpoints.req.type=REQ", "zmq.endpoints.req.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.dealer.type=DEALER", "zmq.endpoints.dealer.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.capped.type=REQ", "zmq.endpoints.capped.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.capped.socket-per-thread-max=2", "zmq.endpoints.off.type=REQ",
					"zmq.endpoints.off.connect=tcp://127.0.0.1:5557", "zmq.endpoints.off.socket-per-thread=false",
					"zmq.endpoints.bound.type=REQ", "zmq.endpoints.bound.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.reliable.type=DEALER", "zmq.endpoints.reliable.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.reliable.delivery=at-least-once", "zmq.endpoints.push.type=PUSH",
					"zmq.endpoints.push.connect=tcp://127.0.0.1:5557")
			.run(context -> {
				ZmqEndpointCatalog catalog = context.getBean(ZmqEndpointCatalog.class);
				assertThat(catalog.get("req", "test").maxThreadSockets()).isEqualTo(8);
				assertThat(catalog.get("dealer", "test").maxThreadSockets()).isEqualTo(8);
				assertThat(catalog.get("capped", "test").maxThreadSockets()).isEqualTo(2);
				assertThat(catalog.get("off", "test").socketPerThread()).isFalse();
				assertThat(catalog.get("bound", "test").socketPerThread()).isFalse();
				assertThat(catalog.get("reliable", "test").socketPerThread()).isFalse();
				assertThat(catalog.get("push", "test").socketPerThread()).isFalse();
			});
	}

	@Test
	void aCapBelowOneOnARequestEndpointFailsStartupAndNamesTheSwitch() {
		this.runner
			.withPropertyValues("zmq.endpoints.req.type=REQ", "zmq.endpoints.req.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.req.socket-per-thread-max=0")
			.run(context -> assertFailedWith(context, "zmq.endpoints.req.socket-per-thread-max must be at least 1",
					"was 0", "turn zmq.endpoints.req.socket-per-thread off"));
	}

	@Test
	void aSocketPerThreadCannotWaitForSubscribers() {
		this.runner
			.withPropertyValues("zmq.endpoints.news.type=PUB", "zmq.endpoints.news.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.news.socket-per-thread=true", "zmq.endpoints.news.min-subscribers=1")
			.run(context -> assertFailedWith(context, "zmq.endpoints.news.socket-per-thread",
					"zmq.endpoints.news.min-subscribers"));
	}

	@Test
	void aCapBelowOneFailsStartup() {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.out.socket-per-thread=true", "zmq.endpoints.out.socket-per-thread-max=0")
			.run(context -> assertFailedWith(context, "zmq.endpoints.out.socket-per-thread-max must be at least 1",
					"was 0"));
	}

	@Test
	void aConnectingPushEndpointGetsTheCapAndOthersNone() {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.out.socket-per-thread=true", "zmq.endpoints.out.socket-per-thread-max=3",
					"zmq.endpoints.plain.type=PUSH", "zmq.endpoints.plain.connect=tcp://127.0.0.1:5558")
			.run(context -> {
				ZmqEndpointCatalog catalog = context.getBean(ZmqEndpointCatalog.class);
				assertThat(catalog.get("out", "test").maxThreadSockets()).isEqualTo(3);
				assertThat(catalog.get("plain", "test").socketPerThread()).isFalse();
			});
	}

}
