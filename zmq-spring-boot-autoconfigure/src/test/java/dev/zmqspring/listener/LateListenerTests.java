package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener bean created after the application started (a {@code @Lazy} bean, first
 * asked for later) gets its container at once, and receives; destroyed, it has its
 * container stopped and removed. Such a listener used to never get a container, and its
 * messages waited for nobody.
 */
@Timeout(30)
class LateListenerTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(LazyListenerConfiguration.class)
		.withPropertyValues("zmq.endpoints.jobs.type=PULL", "zmq.endpoints.jobs.bind=inproc://late-jobs",
				"zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=inproc://late-jobs");

	@Test
	void aLazyListenerCreatedAfterStartupGetsItsContainerAndReceives() {
		this.runner.run(context -> {
			ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
			assertThat(registry.getListenerContainer("late")).isNull();
			LateListener listener = context.getBean(LateListener.class);
			ZmqListenerContainer container = registry.getListenerContainer("late");
			assertThat(container).isNotNull();
			assertThat(container.isRunning()).isTrue();
			await().atMost(PATIENCE).until(() -> {
				context.getBean(ZmqTemplate.class).convertAndSend("out", "job-1");
				return listener.received.contains("job-1");
			});
		});
	}

	@Test
	void aDestroyedListenerHasItsContainerStoppedAndRemoved() {
		this.runner.run(context -> {
			ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
			context.getBean(LateListener.class);
			ZmqListenerContainer container = registry.getListenerContainer("late");
			assertThat(container).isNotNull();
			((DefaultListableBeanFactory) ((ConfigurableApplicationContext) context).getBeanFactory())
				.destroySingleton("lateListener");
			assertThat(registry.getListenerContainer("late")).isNull();
			assertThat(container.isRunning()).isFalse();
		});
	}

	@Test
	void aListenerCreatedAtStartupAndDestroyedHasItsContainerStoppedAndRemoved() {
		this.runner.withBean("eagerListener", EagerListener.class).run(context -> {
			ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
			ZmqListenerContainer container = registry.getListenerContainer("eager");
			assertThat(container).isNotNull();
			assertThat(container.isRunning()).isTrue();
			((DefaultListableBeanFactory) ((ConfigurableApplicationContext) context).getBeanFactory())
				.destroySingleton("eagerListener");
			assertThat(registry.getListenerContainer("eager")).isNull();
			assertThat(container.isRunning()).isFalse();
		});
	}

	@Test
	void aOneWayListenerThatRunsAsynchronouslyAndReturnsNothingStarts() {
		this.runner.withBean("asyncListener", AsyncListener.class).run(context -> {
			assertThat(context).hasNotFailed();
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			AsyncListener listener = context.getBean(AsyncListener.class);
			await().atMost(PATIENCE).until(() -> {
				template.convertAndSend("out", "job-2");
				return listener.received.contains("job-2");
			});
		});
	}

	static class EagerListener {

		@ZmqListener(id = "eager", type = "PULL", bind = "inproc://late-eager")
		void onJob(String job) {
		}

	}

	static class AsyncListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		// Returns nothing but a signal that it is done: no value is lost.
		@ZmqListener(id = "async", endpoint = "jobs")
		CompletableFuture<Void> onJob(String job) {
			this.received.add(job);
			return CompletableFuture.completedFuture(null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyListenerConfiguration {

		@Bean
		@Lazy
		LateListener lateListener() {
			return new LateListener();
		}

	}

	static class LateListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "late", endpoint = "jobs")
		void onJob(String job) {
			this.received.add(job);
		}

	}

}
