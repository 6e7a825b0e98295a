package dev.zmqspring.testsupport;

import java.util.concurrent.CountDownLatch;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Start-up shared by the main classes that {@link ChildJvm} runs: a Spring Boot
 * application without a web server, configured by {@code --key=value} arguments.
 */
public final class ChildMain {

	private ChildMain() {
	}

	/** Starts the application, or ends the JVM with exit code 1 when it cannot start. */
	public static ConfigurableApplicationContext start(Class<?> application, String[] args) {
		try {
			return new SpringApplicationBuilder(application).web(WebApplicationType.NONE).run(args);
		}
		catch (RuntimeException ex) {
			ex.printStackTrace(System.out);
			System.out.flush();
			System.exit(1);
			throw ex;
		}
	}

	/** Tells the test that the application is up. */
	public static void ready() {
		System.out.println(ChildJvm.READY);
	}

	/**
	 * Parks the calling thread for good: the JVM ends by a signal, SIGTERM (Spring closes
	 * the context in its shutdown hook) or SIGKILL.
	 */
	public static void parkForever() {
		try {
			new CountDownLatch(1).await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
