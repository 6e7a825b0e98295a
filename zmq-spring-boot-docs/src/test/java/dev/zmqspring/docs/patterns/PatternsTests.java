package dev.zmqspring.docs.patterns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.docs.DocsYaml;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cookbook of docs/patterns.md, run: each page's YAML with its addresses moved to inproc (or to ports the system
 * chooses), and the Java of the page.
 */
@Timeout(60)
class PatternsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void helloWorldClientGetsWorld() {
		this.runner.withInitializer(DocsYaml.initializer("docs/patterns/request-reply.yml"))
			.withUserConfiguration(HelloWorld.class)
			.withPropertyValues("zmq.endpoints.hello-server.bind=inproc://docs-hello",
					"zmq.endpoints.hello.connect=inproc://docs-hello")
			.run(context -> {
				assertThat(context).hasNotFailed();
				HelloWorld hello = context.getBean(HelloWorld.class);
				for (int i = 0; i < 10; i++) {
					assertThat(hello.ask()).isEqualTo("World");
				}
			});
	}

	@Test
	void subscriberGetsTheEventsOfItsTopic() {
		this.runner.withInitializer(DocsYaml.initializer("docs/patterns/pub-sub.yml"))
			.withUserConfiguration(UserFeed.class)
			.withPropertyValues("zmq.endpoints.events.bind=inproc://docs-pubsub",
					"zmq.endpoints.user-feed.connect=inproc://docs-pubsub", "zmq.endpoints.events.min-subscribers=1")
			.run(context -> {
				assertThat(context).hasNotFailed();
				UserFeed feed = context.getBean(UserFeed.class);
				context.getBean(ZmqTemplate.class).convertAndSend("events", "order.placed", new UserRegistered("x", "x"));
				feed.publish();
				await().atMost(Duration.ofSeconds(10)).until(() -> !feed.received.isEmpty());
				assertThat(feed.received).containsExactly("user.registered u-1");
			});
	}

	@Test
	void everyTaskReachesTheSinkThroughTheWorkers() {
		this.runner.withInitializer(DocsYaml.initializer("docs/patterns/pipeline.yml"))
			.withUserConfiguration(Pipeline.class)
			.withPropertyValues("zmq.endpoints.ventilator.bind=inproc://docs-tasks",
					"zmq.endpoints.tasks.connect=inproc://docs-tasks", "zmq.endpoints.results.connect=inproc://docs-sink",
					"zmq.endpoints.sink.bind=inproc://docs-sink")
			.run(context -> {
				assertThat(context).hasNotFailed();
				Pipeline pipeline = context.getBean(Pipeline.class);
				pipeline.ventilate(IntStream.range(0, 100).mapToObj(id -> new Task(id, id * 10L)).toList());
				await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.collected.size() == 100);
				assertThat(pipeline.collected).extracting(Result::task).containsExactlyInAnyOrderElementsOf(
						IntStream.range(0, 100).boxed().toList());
			});
	}

	@Test
	void routerAnswersEachOfManyClientsWhichItTellsApart() {
		this.runner.withUserConfiguration(JobServer.class)
			.withPropertyValues("jobs.address=inproc://docs-jobs", "zmq.endpoints.jobs.type=req",
					"zmq.endpoints.jobs.connect=inproc://docs-jobs")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				List<CompletableFuture<String>> replies = IntStream.range(0, 5)
					.mapToObj(job -> template.requestAsync("jobs", "job-" + job, String.class, Duration.ofSeconds(10)))
					.toList();
				for (int job = 0; job < 5; job++) {
					assertThat(replies.get(job).get()).isEqualTo("accepted job-" + job);
				}
				assertThat(context.getBean(JobServer.class).clients).hasSize(1);
			});
	}

	@Test
	void devicesOfTheYamlRun() {
		this.runner.withInitializer(DocsYaml.initializer("docs/patterns/devices.yml"))
			.withPropertyValues("zmq.proxies.events.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.events.backend.bind=tcp://127.0.0.1:*", "zmq.proxies.events.capture=tcp://127.0.0.1:*",
					"zmq.proxies.jobs.frontend.bind=tcp://127.0.0.1:*", "zmq.proxies.jobs.backend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.rpc.frontend.bind=tcp://127.0.0.1:*", "zmq.proxies.rpc.backend.bind=tcp://127.0.0.1:*")
			.run(context -> {
				assertThat(context).hasNotFailed();
				List<ZmqProxy> proxies = context.getBean(ZmqProxyRegistry.class).getProxies();
				assertThat(proxies).extracting(ZmqProxy::getName).containsExactlyInAnyOrder("events", "jobs", "rpc");
				await().atMost(Duration.ofSeconds(10)).until(() -> proxies.stream().allMatch(ZmqProxy::isRunning));
			});
	}

}
