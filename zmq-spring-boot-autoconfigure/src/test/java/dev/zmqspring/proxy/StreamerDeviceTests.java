package dev.zmqspring.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static dev.zmqspring.proxy.DeviceTestSupport.assertAddressIsFree;
import static dev.zmqspring.proxy.DeviceTestSupport.closeQuickly;
import static dev.zmqspring.proxy.DeviceTestSupport.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cookbook: the streamer device ({@code zmq.proxies.<name>.type=streamer}). Ventilators
 * push to its frontend, workers pull from its backend: any number of each meet at two
 * stable addresses, and every task is done once.
 */
@Timeout(30)
class StreamerDeviceTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void streamerDealsTasksFromSeveralVentilatorsToSeveralWorkersExactlyOnce() {
		this.runner.withUserConfiguration(Workers.class)
			.withPropertyValues("zmq.proxies.st.type=streamer", "zmq.proxies.st.frontend.bind=inproc://st-in",
					"zmq.proxies.st.backend.bind=inproc://st-out", "zmq.endpoints.ventilator-a.type=PUSH",
					"zmq.endpoints.ventilator-a.connect=inproc://st-in", "zmq.endpoints.ventilator-b.type=PUSH",
					"zmq.endpoints.ventilator-b.connect=inproc://st-in", "zmq.endpoints.worker-1.type=PULL",
					"zmq.endpoints.worker-1.connect=inproc://st-out", "zmq.endpoints.worker-2.type=PULL",
					"zmq.endpoints.worker-2.connect=inproc://st-out")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				Workers workers = context.getBean(Workers.class);
				List<String> tasks = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					template.convertAndSend("ventilator-a", "a-" + i);
					template.convertAndSend("ventilator-b", "b-" + i);
					tasks.add("a-" + i);
					tasks.add("b-" + i);
				}
				await().atMost(PATIENCE).until(() -> workers.first.size() + workers.second.size() >= 100);

				List<String> done = new ArrayList<>(workers.first);
				done.addAll(workers.second);
				assertThat(done).containsExactlyInAnyOrderElementsOf(tasks);
				assertThat(workers.first).as("tasks done by worker-1").isNotEmpty();
				assertThat(workers.second).as("tasks done by worker-2").isNotEmpty();
			});
	}

	@Test
	void streamerServesAnotherApplicationOverTcpAndFreesItsPortsWhenItStops() {
		this.runner
			.withPropertyValues("zmq.proxies.st.type=streamer", "zmq.proxies.st.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.st.backend.bind=tcp://127.0.0.1:*")
			.run(broker -> {
				assertThat(broker).hasNotFailed();
				ZmqProxy streamer = device(broker, "st");
				String frontend = streamer.getFrontendAddresses().get(0);
				String backend = streamer.getBackendAddresses().get(0);
				this.runner.withUserConfiguration(Workers.class)
					.withPropertyValues("zmq.endpoints.ventilator-a.type=PUSH",
							"zmq.endpoints.ventilator-a.connect=" + frontend, "zmq.endpoints.worker-1.type=PULL",
							"zmq.endpoints.worker-1.connect=" + backend, "zmq.endpoints.worker-2.type=PULL",
							"zmq.endpoints.worker-2.connect=" + backend)
					.run(application -> {
						assertThat(application).hasNotFailed();
						ZmqTemplate template = application.getBean(ZmqTemplate.class);
						Workers workers = application.getBean(Workers.class);
						List<String> tasks = new ArrayList<>();
						for (int i = 0; i < 20; i++) {
							template.convertAndSend("ventilator-a", "task-" + i);
							tasks.add("task-" + i);
						}
						await().atMost(PATIENCE).until(() -> workers.first.size() + workers.second.size() >= 20);
						List<String> done = new ArrayList<>(workers.first);
						done.addAll(workers.second);
						assertThat(done).containsExactlyInAnyOrderElementsOf(tasks);

						closeQuickly(broker);
						assertThat(streamer.isRunning()).isFalse();
						assertAddressIsFree(frontend);
						assertAddressIsFree(backend);
					});
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Workers {

		final List<String> first = new CopyOnWriteArrayList<>();

		final List<String> second = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "worker-1")
		void first(String task) {
			this.first.add(task);
		}

		@ZmqListener(endpoint = "worker-2")
		void second(String task) {
			this.second.add(task);
		}

	}

}
