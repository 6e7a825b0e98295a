package dev.zmqspring.security.heap;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.security.MalformedFrameGuard;
import dev.zmqspring.security.ZmqSecurityAutoConfiguration;
import dev.zmqspring.testsupport.ChildMain;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The listener JVM of the heap tests: listeners on {@code sink} and {@code secure}
 * (PULL), {@code sub}, {@code rep} and {@code router} print {@code RECEIVED <text>}, and
 * the REP listener on {@code probe} answers any request, after a full collection, with
 * the heap in use, the oversized commands counted so far, the live threads, the frames
 * refused for the receive-buffer budget, the pauses for it and the messages thrown away
 * for their frames, and the subscriptions refused for the subscription budget
 * ({@code <bytes> <count> <threads> <refused> <pauses> <overlong> <subscriptions>}).
 * Prints {@code ADDRESS <id> <address>} for each listener before {@code READY}. With
 * {@code --test.news.enabled=true} it also publishes {@code tick} to the topic
 * {@code tick} of a PUB endpoint {@code news} (to be declared) every 5 ms, and prints its
 * address the same way.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class })
public class GuardedListenerApp {

	/**
	 * The arguments that declare every endpoint the listeners use, all bound to OS-chosen
	 * ports on 127.0.0.1; the {@code slow} listener starts only with
	 * {@code --test.slow.enabled=true}.
	 */
	static List<String> endpoints() {
		List<String> arguments = new ArrayList<>();
		for (String[] endpoint : new String[][] { { "sink", "PULL" }, { "secure", "PULL" }, { "sub", "SUB" },
				{ "rep", "REP" }, { "router", "ROUTER" }, { "probe", "REP" }, { "slow", "PULL" } }) {
			arguments.add("--zmq.endpoints." + endpoint[0] + ".type=" + endpoint[1]);
			arguments.add("--zmq.endpoints." + endpoint[0] + ".bind=tcp://127.0.0.1:*");
		}
		return arguments;
	}

	public static void main(String[] args) {
		ConfigurableApplicationContext context = ChildMain.start(GuardedListenerApp.class, args);
		for (ZmqListenerContainer container : context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainers()) {
			// A listener that did not start (slow, unless asked for) has no address.
			if (!container.getAddresses().isEmpty()) {
				System.out.println("ADDRESS " + container.getId() + " " + container.getAddresses().get(0));
			}
		}
		if (context.getEnvironment().getProperty("test.news.enabled", Boolean.class, false)) {
			startPublishing(context.getBean(ZmqTemplate.class));
		}
		ChildMain.ready();
		ChildMain.parkForever();
	}

	/**
	 * Publishes every 5 ms: a PUB socket takes in its peers' subscriptions only when it
	 * publishes.
	 */
	private static void startPublishing(ZmqTemplate template) {
		System.out.println("ADDRESS news " + template.getSenderRegistry().sender("news").getAddresses().get(0));
		Thread publisher = new Thread(() -> {
			while (true) {
				try {
					template.convertAndSend("news", "tick", "tick");
				}
				catch (RuntimeException ex) {
					// Full or closing: the next tick tries again.
				}
				LockSupport.parkNanos(5_000_000);
			}
		}, "news-publisher");
		publisher.setDaemon(true);
		publisher.start();
	}

	@Bean
	Listeners listeners(MalformedFrameGuard guard) {
		return new Listeners(guard);
	}

	/** The listeners. */
	static class Listeners {

		private final MalformedFrameGuard guard;

		Listeners(MalformedFrameGuard guard) {
			this.guard = guard;
		}

		@ZmqListener(id = "sink", endpoint = "sink")
		void sink(String text) {
			System.out.println("RECEIVED " + text);
		}

		@ZmqListener(id = "secure", endpoint = "secure")
		void secure(String text) {
			System.out.println("RECEIVED " + text);
		}

		@ZmqListener(id = "slow", endpoint = "slow", autoStartup = "${test.slow.enabled:false}")
		void slow(byte[] payload) {
			if (payload.length < 100) {
				// A good peer's message, not the flood's.
				System.out.println("RECEIVED " + new String(payload, java.nio.charset.StandardCharsets.UTF_8));
			}
			java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
		}

		@ZmqListener(id = "sub", endpoint = "sub")
		void sub(String text) {
			System.out.println("RECEIVED " + text);
		}

		@ZmqListener(id = "rep", endpoint = "rep")
		String rep(String text) {
			System.out.println("RECEIVED " + text);
			return "ok";
		}

		@ZmqListener(id = "router", endpoint = "router")
		String router(String text) {
			System.out.println("RECEIVED " + text);
			return "ok";
		}

		@ZmqListener(id = "probe", endpoint = "probe")
		String probe(String request) {
			System.gc();
			long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			return used + " " + this.guard.getOversizedCommands() + " " + Thread.activeCount() + " "
					+ this.guard.getOverBudgetFrames() + " " + this.guard.getBudgetPauses() + " "
					+ this.guard.getOverlongMessages() + " " + this.guard.getRefusedSubscriptions();
		}

	}

}
