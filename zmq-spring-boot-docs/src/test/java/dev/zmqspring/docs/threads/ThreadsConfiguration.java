package dev.zmqspring.docs.threads;

import dev.zmqspring.core.DefaultZmqThreadFactory;
import dev.zmqspring.core.ZmqThreadFactory;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A replaced thread factory, as docs/threads.md shows it. */
@Configuration(proxyBeanMethods = false)
class ThreadsConfiguration {

	// tag::thread-factory[]
	@Bean
	ZmqThreadFactory zmqThreadFactory() {
		DefaultZmqThreadFactory threads = DefaultZmqThreadFactory.platformThreads();
		return new ZmqThreadFactory() {

			@Override
			public Thread newSocketThread(String name, Runnable task) {
				Thread thread = threads.newSocketThread(name, task);
				thread.setPriority(Thread.NORM_PRIORITY + 1); // the sockets' threads first
				return thread;
			}

			@Override
			public Thread newWorkerThread(String name, Runnable task) {
				return threads.newWorkerThread(name, () -> {
					MDC.put("service", "orders"); // in every log line of the listeners' workers
					task.run();
				});
			}

		};
	}
	// end::thread-factory[]

}
