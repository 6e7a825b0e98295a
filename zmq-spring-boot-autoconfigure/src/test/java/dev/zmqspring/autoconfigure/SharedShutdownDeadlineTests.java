package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code zmq.shutdown-timeout} bounds the whole ZeroMQ shutdown of an application, not
 * each stage of it: what a Kubernetes grace period has to cover.
 */
@Timeout(60)
class SharedShutdownDeadlineTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(4);

	/**
	 * Room for a loaded two-core machine; two stages each waiting the full timeout would
	 * need twice as long.
	 */
	private static final Duration MARGIN = Duration.ofMillis(2500);

	private final Listeners listeners = new Listeners();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withBean(Listeners.class, () -> this.listeners)
		.withPropertyValues("zmq.shutdown-timeout=" + TIMEOUT.toMillis() + "ms", "zmq.endpoints.work.type=pull",
				"zmq.endpoints.work.bind=inproc://shutdown-deadline-work", "zmq.endpoints.feed.type=push",
				"zmq.endpoints.feed.connect=inproc://shutdown-deadline-work");

	@AfterEach
	void releaseStuckThreads() {
		this.listeners.release.countDown();
	}

	@Test
	void twoStuckStagesTogetherStayWithinOneShutdownTimeout() {
		// Stage 1: a listener method that blocks and ignores interrupts. Stage 2: a
		// socket lingering a minute on
		// messages for a peer that never comes, which holds up the context's close.
		this.runner
			.withPropertyValues("zmq.endpoints.nowhere.type=push", "zmq.endpoints.nowhere.connect=tcp://127.0.0.1:1",
					"zmq.endpoints.nowhere.socket.linger=1m")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				template.convertAndSend("feed", "stuck");
				assertThat(this.listeners.entered.await(10, TimeUnit.SECONDS)).isTrue();
				for (int i = 0; i < 10; i++) {
					template.convertAndSend("nowhere", "never delivered " + i);
				}
				long started = System.nanoTime();
				context.close();
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				assertThat(took).isLessThan(TIMEOUT.plus(MARGIN));
				assertThat(this.listeners.done).isEmpty();
			});
	}

	@Test
	void aMessageInHandStillFinishesBeforeTheContextCloses() {
		this.runner.run(context -> {
			context.getBean(ZmqTemplate.class).convertAndSend("feed", "in flight");
			assertThat(this.listeners.entered.await(10, TimeUnit.SECONDS)).isTrue();
			ZmqShutdownDeadline deadline = context.getBean(ZmqShutdownDeadline.class);
			long started = System.nanoTime();
			CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
			// The listeners are stopping (they started the shutdown clock) while the
			// message is still in hand.
			await().atMost(Duration.ofSeconds(10)).until(deadline::isStarted);
			assertThat(closed).isNotDone();
			this.listeners.release.countDown();
			closed.get(20, TimeUnit.SECONDS);
			assertThat(this.listeners.done).containsExactly("in flight");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
		});
	}

	static class Listeners {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<String> done = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "work", endpoint = "work")
		void work(String message) {
			this.entered.countDown();
			boolean released = false;
			while (!released) {
				try {
					released = this.release.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					// A stuck listener that ignores interrupts: the shutdown must not
					// depend on them.
				}
			}
			this.done.add(message);
		}

	}

}
