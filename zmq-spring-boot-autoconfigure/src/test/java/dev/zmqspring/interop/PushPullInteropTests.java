package dev.zmqspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import static dev.zmqspring.interop.PythonPeer.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PUSH/PULL pipelines between the starter and pyzmq peers: no task may be lost in either
 * direction.
 */
@Timeout(30)
class PushPullInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final int TASKS = 100;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@BeforeEach
	void pyzmq() {
		PythonPeer.assumeAvailable();
	}

	@Test
	void everyTaskFromPythonPushArrivesAtPullListenerInOrder() {
		this.runner.withUserConfiguration(TaskListener.class).run(context -> {
			assertThat(context).hasNotFailed();
			TaskListener listener = context.getBean(TaskListener.class);
			String address = context.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer("tasks")
				.getAddresses()
				.get(0);
			try (PythonPeer pusher = PythonPeer.start("push_tasks.py", address, String.valueOf(TASKS))) {
				assertThat(pusher.awaitSuccess(TIMEOUT)).singleElement()
					.satisfies(line -> assertThat(line.get("sent").asInt()).isEqualTo(TASKS));
			}
			await().atMost(TIMEOUT).until(() -> listener.tasks.size() >= TASKS);
			assertThat(listener.tasks)
				.containsExactlyElementsOf(IntStream.range(0, TASKS).mapToObj(String::valueOf).toList());
		});
	}

	@Test
	void everyJobFromTemplateArrivesAtPythonPullWorker() {
		this.runner.withPropertyValues("zmq.endpoints.jobs.type=PUSH", "zmq.endpoints.jobs.bind=tcp://127.0.0.1:*")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				String address = template.getSenderRegistry().sender("jobs").getAddresses().get(0);
				try (PythonPeer worker = PythonPeer.start("pull_worker.py", address, String.valueOf(TASKS))) {
					List<Job> sent = new ArrayList<>();
					for (int i = 0; i < TASKS; i++) {
						Job job = new Job(i, "resize image-" + i + ".png");
						template.convertAndSend("jobs", job);
						sent.add(job);
					}
					List<JsonNode> lines = worker.awaitSuccess(TIMEOUT);
					assertThat(lines).hasSize(1);
					List<Job> received = new ArrayList<>();
					lines.get(0).get("received").forEach(job -> received.add(as(job, Job.class)));
					assertThat(received).containsExactlyElementsOf(sent);
				}
			});
	}

	record Job(int id, String action) {
	}

	@Configuration(proxyBeanMethods = false)
	static class TaskListener {

		final List<String> tasks = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "tasks", type = "PULL", bind = "tcp://127.0.0.1:*")
		void onTask(String task) {
			this.tasks.add(task);
		}

	}

}
