package dev.zmqspring.patterns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqSendTo;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cookbook: the pipeline's worker as one method. It pulls tasks and returns results, and
 * {@code @ZmqSendTo} (or Spring's {@code @SendTo}) pushes each result on to the sink; a
 * {@code null} result sends nothing.
 */
@Timeout(30)
class SendToWorkerTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void theWorkersReturnValuesReachTheSinkAndNullSendsNothing() {
		this.runner.withUserConfiguration(Pipeline.class)
			.withPropertyValues("zmq.endpoints.tasks.type=PUSH", "zmq.endpoints.tasks.bind=inproc://send-to-tasks",
					"zmq.endpoints.worker.type=PULL", "zmq.endpoints.worker.connect=inproc://send-to-tasks",
					"zmq.endpoints.results.type=PUSH", "zmq.endpoints.results.connect=inproc://send-to-results",
					"zmq.endpoints.sink.type=PULL", "zmq.endpoints.sink.bind=inproc://send-to-results",
					"app.results=results")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				Pipeline pipeline = context.getBean(Pipeline.class);
				for (int n = 1; n <= 10; n++) {
					template.convertAndSend("tasks", n);
				}
				await().atMost(PATIENCE).until(() -> pipeline.worked.size() == 10);
				await().atMost(PATIENCE).until(() -> pipeline.results.size() == 5);
				// The odd tasks returned null: nothing was sent for them.
				assertThat(pipeline.results).containsExactlyInAnyOrder(4L, 16L, 36L, 64L, 100L);
			});
	}

	@Test
	void springsSendToWorksAsZmqSendTo() {
		this.runner.withUserConfiguration(SpringSendTo.class)
			.withPropertyValues("zmq.endpoints.tasks.type=PUSH",
					"zmq.endpoints.tasks.bind=inproc://spring-send-to-tasks", "zmq.endpoints.worker.type=PULL",
					"zmq.endpoints.worker.connect=inproc://spring-send-to-tasks", "zmq.endpoints.results.type=PUSH",
					"zmq.endpoints.results.connect=inproc://spring-send-to-results", "zmq.endpoints.sink.type=PULL",
					"zmq.endpoints.sink.bind=inproc://spring-send-to-results")
			.run(context -> {
				context.getBean(ZmqTemplate.class).convertAndSend("tasks", 7);
				SpringSendTo pipeline = context.getBean(SpringSendTo.class);
				await().atMost(PATIENCE).until(() -> pipeline.results.size() == 1);
				assertThat(pipeline.results).containsExactly(49L);
			});
	}

	@Test
	void springsSendToWithSeveralDestinationsFailsStartup() {
		this.runner.withUserConfiguration(TwoDestinations.class)
			.withPropertyValues("zmq.endpoints.worker.type=PULL", "zmq.endpoints.worker.bind=inproc://two-destinations")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("@SendTo names 2 destinations, but the return value goes to one endpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class SpringSendTo {

		final List<Long> results = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "worker")
		@SendTo("results")
		long square(int n) {
			return (long) n * n;
		}

		@ZmqListener(endpoint = "sink")
		void collect(long result) {
			this.results.add(result);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDestinations {

		@ZmqListener(endpoint = "worker")
		@SendTo({ "results", "audit" })
		long square(int n) {
			return (long) n * n;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Pipeline {

		final List<Integer> worked = new CopyOnWriteArrayList<>();

		final List<Long> results = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "worker")
		@ZmqSendTo("${app.results}")
		Long square(int n) {
			this.worked.add(n);
			return (n % 2 == 0) ? (long) n * n : null;
		}

		@ZmqListener(endpoint = "sink")
		void collect(long result) {
			this.results.add(result);
		}

	}

}
