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
 * sockets can stand in for one: connecting PUSH and PUB. Anywhere else the application
 * does not start, and says why.
 */
@Timeout(30)
class SocketPerThreadValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "PUSH", "PUB" })
	void aBindingEndpointWithASocketPerThreadFailsStartup(String type) {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=" + type, "zmq.endpoints.out.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.out.socket-per-thread=true")
			.run(context -> assertFailedWith(context, "zmq.endpoints.out.socket-per-thread",
					"only for endpoints that connect", "zmq.endpoints.out binds", "remove"));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "PAIR", "PULL", "SUB", "REQ", "DEALER" })
	void anEndpointOfAnotherTypeWithASocketPerThreadFailsStartup(String type) {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=" + type, "zmq.endpoints.out.connect=tcp://127.0.0.1:5557",
					"zmq.endpoints.out.socket-per-thread=true")
			.run(context -> assertFailedWith(context, "zmq.endpoints.out.socket-per-thread",
					"only for connecting PUSH and PUB endpoints", "the type is " + type));
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
