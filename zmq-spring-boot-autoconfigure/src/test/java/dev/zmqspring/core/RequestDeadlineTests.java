package dev.zmqspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every request ends, at its own deadline at the latest: whatever else is in flight on
 * the endpoint, and when the application stops while requests wait.
 */
@Timeout(60)
class RequestDeadlineTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(HeldServer.class)
		.withPropertyValues("zmq.endpoints.held.type=REP", "zmq.endpoints.held.bind=inproc://deadlines",
				"zmq.endpoints.ask.type=DEALER", "zmq.endpoints.ask.connect=inproc://deadlines",
				"zmq.endpoints.ask.request-timeout=20s", "zmq.endpoints.ask.request-retries=0");

	@Test
	void aShortTimeoutEndsOnTimeWhileLongerRequestsAreStillInFlight() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			HeldServer server = context.getBean(HeldServer.class);
			// Held by the server: in flight for the endpoint's 20 s.
			CompletableFuture<String> held = template.requestAsync("ask", "hold", String.class, null);
			assertThat(server.holding.await(10, TimeUnit.SECONDS)).isTrue();
			long started = System.nanoTime();
			assertThatExceptionOfType(ZmqRequestTimeoutException.class)
				.isThrownBy(() -> template.request("ask", "quick", String.class, Duration.ofMillis(300)))
				.withMessageContaining("within PT0.3S");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250),
					Duration.ofSeconds(5));
			assertThat(held).isNotDone();
			server.release.countDown();
			assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("done: hold");
		});
	}

	@Test
	void requestsWaitingWhenTheApplicationStopsFailAtOnceInsteadOfWaitingForTheirTimeout() throws Exception {
		List<CompletableFuture<String>> waiting = new ArrayList<>();
		long[] stoppedAt = new long[1];
		HeldServer[] held = new HeldServer[1];
		this.runner.withPropertyValues("zmq.shutdown-timeout=1s").run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			HeldServer server = context.getBean(HeldServer.class);
			held[0] = server;
			waiting.add(template.requestAsync("ask", "hold", String.class, null));
			assertThat(server.holding.await(10, TimeUnit.SECONDS)).isTrue();
			for (int i = 0; i < 20; i++) {
				waiting.add(template.requestAsync("ask", "queued " + i, String.class, null));
			}
			stoppedAt[0] = System.nanoTime();
		});
		for (CompletableFuture<String> request : waiting) {
			assertThat(request).failsWithin(Duration.ofSeconds(10))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(ZmqSendException.class)
				.withMessageContaining("was stopped before the reply arrived");
		}
		// Well inside the endpoint's 20 s request timeout.
		assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt[0])).isLessThan(Duration.ofSeconds(10));
		held[0].release.countDown();
	}

	@Configuration(proxyBeanMethods = false)
	static class HeldServer {

		final CountDownLatch holding = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@ZmqListener(endpoint = "held")
		String answer(String request) throws InterruptedException {
			if (request.equals("hold")) {
				this.holding.countDown();
				this.release.await(20, TimeUnit.SECONDS);
			}
			return "done: " + request;
		}

	}

}
