package dev.zmqspring.benchmarks.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Starts the application contexts of the starter and Spring Integration variants, each
 * its own context (and so its own {@code ZContext} and I/O thread), as two applications
 * would have.
 */
public final class Contexts {

	private Contexts() {
	}

	/**
	 * A Spring Boot application with the starter.
	 * @param configuration the {@code @EnableAutoConfiguration} class
	 * @param beans singletons to register before the context starts (the
	 * {@link Arrivals}, say)
	 * @param properties {@code key=value} properties
	 */
	public static ConfigurableApplicationContext starter(Class<?> configuration, Map<String, Object> beans,
			List<String> properties) {
		List<String> all = new ArrayList<>(properties);
		all.add("logging.level.root=WARN");
		all.add("spring.main.lazy-initialization=false");
		if (all.stream().noneMatch((property) -> property.startsWith("spring.datasource."))) {
			// H2 is on the classpath for scenario 7 only; the other applications run
			// without a database.
			all.add("spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
		}
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(all.toArray(String[]::new))
			.initializers((context) -> beans.forEach(context.getBeanFactory()::registerSingleton))
			.run();
	}

	/** As {@link #starter(Class, Map, List)} with properties given one by one. */
	public static ConfigurableApplicationContext starter(Class<?> configuration, Map<String, Object> beans,
			String... properties) {
		return starter(configuration, beans, Arrays.asList(properties));
	}

	/**
	 * A plain Spring application with Spring Integration ({@code @EnableIntegration} on
	 * the configuration).
	 */
	public static ConfigurableApplicationContext springIntegration(Class<?> configuration, Map<String, Object> beans) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		beans.forEach(context.getBeanFactory()::registerSingleton);
		context.register(configuration);
		context.refresh();
		return context;
	}

}
