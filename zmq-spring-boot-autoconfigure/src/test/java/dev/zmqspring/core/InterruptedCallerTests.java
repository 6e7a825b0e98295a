package dev.zmqspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Application threads get interrupted: a web request is cancelled, an executor is shut
 * down, a {@code Future.cancel(true)}. JeroMQ is not interrupt-safe, so an interrupt that
 * reached the endpoint's I/O would break it for every other caller. An interrupted caller
 * must leave the endpoint working, and keep its interrupt.
 */
@Timeout(30)
class InterruptedCallerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(Echo.class)
		.withPropertyValues("zmq.endpoints.echo-server.type=REP", "zmq.endpoints.echo-server.bind=inproc://interrupted",
				"zmq.endpoints.echo.type=REQ", "zmq.endpoints.echo.connect=inproc://interrupted",
				"zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=inproc://interrupted-pull",
				"zmq.endpoints.in.type=PULL", "zmq.endpoints.in.bind=inproc://interrupted-pull")
		.withPropertyValues(requestPath());

	/**
	 * How synchronous requests travel: by default each calling thread's own socket (see
	 * {@link InterruptedCallerThroughTheEndpointThreadTests} for the other way).
	 */
	String[] requestPath() {
		return new String[0];
	}

	@Test
	void anInterruptedThreadGetsItsReplyKeepsItsInterruptAndLeavesTheEndpointWorking() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			AtomicReference<String> reply = new AtomicReference<>();
			AtomicBoolean stillInterrupted = new AtomicBoolean();
			Thread caller = new Thread(() -> {
				Thread.currentThread().interrupt();
				reply.set(template.request("echo", "from an interrupted thread", String.class));
				stillInterrupted.set(Thread.currentThread().isInterrupted());
			});
			caller.start();
			caller.join(TimeUnit.SECONDS.toMillis(10));
			assertThat(reply).hasValue("echo: from an interrupted thread");
			assertThat(stillInterrupted).isTrue();
			for (int i = 0; i < 20; i++) {
				assertThat(template.request("echo", "next " + i, String.class)).isEqualTo("echo: next " + i);
			}
		});
	}

	@Test
	void interruptingCallersWhileTheyWaitForRepliesLeavesTheEndpointWorking() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			CopyOnWriteArrayList<Throwable> unexpected = new CopyOnWriteArrayList<>();
			Thread[] callers = new Thread[4];
			for (int t = 0; t < callers.length; t++) {
				callers[t] = new Thread(() -> {
					for (int i = 0; i < 200; i++) {
						try {
							template.request("echo", "busy " + i, String.class);
						}
						catch (RuntimeException ex) {
							unexpected.add(ex);
						}
						Thread.interrupted();
					}
				});
				callers[t].start();
			}
			// Interrupt the callers over and over while they send and wait.
			while (isAnyAlive(callers)) {
				for (Thread caller : callers) {
					caller.interrupt();
				}
				Thread.yield();
			}
			assertThat(unexpected).isEmpty();
			assertThat(template.request("echo", "after", String.class)).isEqualTo("echo: after");
		});
	}

	@Test
	void anInterruptedThreadSendsOneWayMessagesAndTheEndpointKeepsWorking() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			Echo echo = context.getBean(Echo.class);
			CompletableFuture<Boolean> interruptKept = CompletableFuture.supplyAsync(() -> {
				Thread.currentThread().interrupt();
				template.convertAndSend("out", "from an interrupted thread");
				return Thread.interrupted();
			}, runnable -> new Thread(runnable).start());
			assertThat(interruptKept.get(10, TimeUnit.SECONDS)).isTrue();
			template.convertAndSend("out", "from a normal thread");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(echo.pulled).containsExactly("from an interrupted thread",
						"from a normal thread"));
		});
	}

	private static boolean isAnyAlive(Thread[] threads) {
		for (Thread thread : threads) {
			if (thread.isAlive()) {
				return true;
			}
		}
		return false;
	}

	@Configuration(proxyBeanMethods = false)
	static class Echo {

		final CopyOnWriteArrayList<String> pulled = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "echo-server")
		String answer(String request) {
			return "echo: " + request;
		}

		@ZmqListener(endpoint = "in")
		void pull(String message) {
			this.pulled.add(message);
		}

	}

}
