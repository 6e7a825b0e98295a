package dev.zmqspring.patterns;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.patterns.pipeline.Task;
import dev.zmqspring.patterns.pipeline.TaskVentilator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cookbook: the parallel pipeline. A ventilator binds a PUSH socket and deals tasks;
 * workers connect a PULL socket, do the work and push results to a sink that binds a PULL
 * socket. Every task reaches the sink exactly once, whether the work is spread over one
 * listener's threads or over several worker sockets.
 */
@Timeout(30)
class PipelineTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void everyTaskReachesTheSinkExactlyOnceThroughAWorkerListenerWithSeveralThreads() {
		this.runner.withUserConfiguration(OneProcessPipeline.class)
			.withPropertyValues("zmq.endpoints.tasks.type=PUSH", "zmq.endpoints.tasks.bind=inproc://pipeline-tasks",
					"zmq.endpoints.worker.type=PULL", "zmq.endpoints.worker.connect=inproc://pipeline-tasks",
					"zmq.endpoints.results.type=PUSH", "zmq.endpoints.results.connect=inproc://pipeline-results",
					"zmq.endpoints.sink.type=PULL", "zmq.endpoints.sink.bind=inproc://pipeline-results")
			.run(context -> {
				assertThat(context).hasNotFailed();
				TaskVentilator ventilator = context.getBean(TaskVentilator.class);
				OneProcessPipeline pipeline = context.getBean(OneProcessPipeline.class);
				for (int id = 0; id < 100; id++) {
					ventilator.submit(new Task(id, "square " + id));
				}
				await().atMost(PATIENCE).until(() -> pipeline.results.size() >= 100);

				assertThat(pipeline.results).extracting(Result::taskId)
					.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).boxed().toList());
				assertThat(pipeline.results).allSatisfy(
						result -> assertThat(result.value()).isEqualTo((long) result.taskId() * result.taskId()));
				assertThat(pipeline.firstThreeOverlapped).as("the first three tasks were in work at the same time")
					.isTrue();
				assertThat(pipeline.results.stream().map(Result::worker).distinct().count()).isGreaterThanOrEqualTo(3);
			});
	}

	@Test
	void ventilatorWorkersAndSinkInSeparateApplicationsShareTheTasksOverTcp() {
		this.runner.withUserConfiguration(VentilatorAndSink.class)
			.withPropertyValues("zmq.endpoints.tasks.type=PUSH", "zmq.endpoints.tasks.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.sink.type=PULL", "zmq.endpoints.sink.bind=tcp://127.0.0.1:*")
			.run(master -> {
				assertThat(master).hasNotFailed();
				String tasksAddress = master.getBean(ZmqSenderRegistry.class).sender("tasks").getAddresses().get(0);
				String sinkAddress = ReqRepHelloWorldTests.tcpAddress(master, "sink");
				this.runner.withUserConfiguration(TwoWorkers.class)
					.withPropertyValues("zmq.endpoints.worker-1.type=PULL",
							"zmq.endpoints.worker-1.connect=" + tasksAddress, "zmq.endpoints.worker-2.type=PULL",
							"zmq.endpoints.worker-2.connect=" + tasksAddress, "zmq.endpoints.results.type=PUSH",
							"zmq.endpoints.results.connect=" + sinkAddress)
					.run(workers -> {
						assertThat(workers).hasNotFailed();
						TaskVentilator ventilator = master.getBean(TaskVentilator.class);
						VentilatorAndSink sink = master.getBean(VentilatorAndSink.class);
						// Connections come up asynchronously: a PUSH deals only to the
						// workers connected so far.
						AtomicInteger warmUp = new AtomicInteger();
						await().atMost(PATIENCE).untilAsserted(() -> {
							ventilator.submit(new Task(-warmUp.incrementAndGet(), "warm-up"));
							assertThat(sink.results).extracting(Result::worker).contains("worker-1", "worker-2");
						});

						for (int id = 0; id < 50; id++) {
							ventilator.submit(new Task(id, "square " + id));
						}
						await().atMost(PATIENCE).until(() -> batch(sink.results).size() >= 50);

						assertThat(batch(sink.results)).extracting(Result::taskId)
							.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).boxed().toList());
						Set<String> workersOfTheBatch = batch(sink.results).stream()
							.map(Result::worker)
							.collect(Collectors.toSet());
						assertThat(workersOfTheBatch).containsExactlyInAnyOrder("worker-1", "worker-2");
					});
			});
	}

	private static List<Result> batch(List<Result> results) {
		return results.stream().filter(result -> result.taskId() >= 0).toList();
	}

	/**
	 * What a worker pushes to the sink.
	 *
	 * @param taskId the task
	 * @param value the result of the work
	 * @param worker who did it
	 */
	record Result(int taskId, long value, String worker) {
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = TaskVentilator.class)
	static class OneProcessPipeline {

		final List<Result> results = new CopyOnWriteArrayList<>();

		private final AtomicInteger started = new AtomicInteger();

		private final CountDownLatch firstThree = new CountDownLatch(3);

		private final ZmqTemplate template;

		volatile boolean firstThreeOverlapped;

		OneProcessPipeline(ZmqTemplate template) {
			this.template = template;
		}

		@ZmqListener(endpoint = "worker", concurrency = "4")
		void work(Task task) throws InterruptedException {
			if (this.started.incrementAndGet() <= 3) {
				this.firstThree.countDown();
				this.firstThreeOverlapped = this.firstThree.await(5, TimeUnit.SECONDS);
			}
			this.template.convertAndSend("results",
					new Result(task.id(), (long) task.id() * task.id(), Thread.currentThread().getName()));
		}

		@ZmqListener(endpoint = "sink")
		void collect(Result result) {
			this.results.add(result);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = TaskVentilator.class)
	static class VentilatorAndSink {

		final List<Result> results = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "sink", endpoint = "sink")
		void collect(Result result) {
			this.results.add(result);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoWorkers {

		private final ZmqTemplate template;

		TwoWorkers(ZmqTemplate template) {
			this.template = template;
		}

		@ZmqListener(endpoint = "worker-1")
		void first(Task task) {
			this.template.convertAndSend("results", new Result(task.id(), (long) task.id() * task.id(), "worker-1"));
		}

		@ZmqListener(endpoint = "worker-2")
		void second(Task task) {
			this.template.convertAndSend("results", new Result(task.id(), (long) task.id() * task.id(), "worker-2"));
		}

	}

}
