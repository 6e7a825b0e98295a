package dev.zmqspring.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.CheckedThreadFactory;
import dev.zmqspring.core.DefaultZmqThreadFactory;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.core.ZmqThreadFactory;
import dev.zmqspring.event.ZmqEvent;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The scenario of {@link VirtualThreadWorkTests}, on Java 21 or later (in the test's JVM,
 * or in a child JVM of a newer Java when the build runs on 17): an application with
 * {@code spring.threads.virtual.enabled=true} and listeners with two workers each, one
 * that replies and one that does not. Returns (and prints as {@code THREAD <role>
 * <kind>}) what kind of thread each role ran on: {@code virtual} or {@code platform}.
 */
public final class VirtualThreadWork {

	private VirtualThreadWork() {
	}

	public static void main(String[] args) throws Exception {
		run().forEach((role, kind) -> System.out.println("THREAD " + role + " " + kind));
		System.out.println("DONE");
		System.exit(0);
	}

	static Map<String, String> run() throws Exception {
		Map<String, String> kinds = new TreeMap<>();
		Exception[] failure = new Exception[1];
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqEventAutoConfiguration.class))
			.withUserConfiguration(Listeners.class)
			.withPropertyValues("spring.threads.virtual.enabled=true", "zmq.endpoints.work.type=PUSH",
					"zmq.endpoints.work.bind=inproc://virtual-work", "zmq.endpoints.work-in.type=PULL",
					"zmq.endpoints.work-in.connect=inproc://virtual-work", "zmq.endpoints.echo.type=REQ",
					"zmq.endpoints.echo.bind=inproc://virtual-echo", "zmq.endpoints.echo-in.type=REP",
					"zmq.endpoints.echo-in.connect=inproc://virtual-echo")
			.run((context) -> {
				try {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					Listeners listeners = context.getBean(Listeners.class);
					template.convertAndSend("work", "job");
					template.request("echo", "ping", String.class);
					if (listeners.worked.poll(30, TimeUnit.SECONDS) == null) {
						throw new IllegalStateException("the listener got no message");
					}
					kinds.putAll(listeners.kinds);
					kinds.put("virtual-socket-thread", refusedVirtualSocketThread());
					for (Thread thread : Thread.getAllStackTraces().keySet()) {
						// Only platform threads are listed there.
						if (List.of("zmq-listener-work-in", "zmq-send-work").contains(thread.getName())) {
							kinds.put(thread.getName(), kind(thread));
						}
					}
				}
				catch (Exception ex) {
					failure[0] = ex;
				}
			});
		if (failure[0] != null) {
			throw failure[0];
		}
		return kinds;
	}

	/** What the starter does with a factory that returns a virtual thread for sockets. */
	private static String refusedVirtualSocketThread() {
		DefaultZmqThreadFactory virtual = DefaultZmqThreadFactory.virtualWorkerThreads();
		ZmqThreadFactory wrong = new ZmqThreadFactory() {

			@Override
			public Thread newSocketThread(String name, Runnable task) {
				return virtual.newWorkerThread(name, task);
			}

			@Override
			public Thread newWorkerThread(String name, Runnable task) {
				return virtual.newWorkerThread(name, task);
			}

		};
		try {
			CheckedThreadFactory.of(wrong).newSocketThread("zmq-send-x", () -> {
			});
			return "accepted";
		}
		catch (IllegalStateException ex) {
			return ex.getMessage()
				.contains("must be platform threads: return virtual threads only from newWorkerThread") ? "refused"
						: ex.getMessage();
		}
	}

	static String kind(Thread thread) {
		return thread.toString().startsWith("VirtualThread") ? "virtual" : "platform";
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final Map<String, String> kinds = new ConcurrentHashMap<>();

		final BlockingQueue<String> worked = new LinkedBlockingQueue<>();

		@ZmqListener(id = "work-in", endpoint = "work-in", concurrency = "2")
		void work(String job) {
			this.kinds.put("worker", kind(Thread.currentThread()));
			this.worked.add(job);
		}

		@ZmqListener(id = "echo-in", endpoint = "echo-in", concurrency = "2")
		String echo(String ping) {
			this.kinds.put("replying-worker", kind(Thread.currentThread()));
			return "pong";
		}

		@EventListener
		void on(ZmqEvent event) {
			this.kinds.putIfAbsent("events", kind(Thread.currentThread()));
		}

	}

}
