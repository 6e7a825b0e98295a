package dev.zmqspring.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Loads a YAML example of the documentation into a test's application context, as Boot would load it from
 * application.yml. Properties a test sets with {@code withPropertyValues} (addresses on inproc, for example) win.
 */
public final class DocsYaml {

	private DocsYaml() {
	}

	/**
	 * Reads one YAML file from the test class path.
	 * @param path the path under src/test/resources, such as {@code docs/patterns/pipeline.yml}
	 * @return the file's properties
	 */
	public static PropertySource<?> load(String path) {
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(path, new ClassPathResource(path));
			if (sources.size() != 1) {
				throw new IllegalStateException(path + " should hold one YAML document, found " + sources.size());
			}
			return sources.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An initializer that adds the file's properties with the lowest precedence.
	 * @param path the path under src/test/resources
	 * @return the initializer
	 */
	public static ApplicationContextInitializer<ConfigurableApplicationContext> initializer(String path) {
		return (context) -> context.getEnvironment().getPropertySources().addLast(load(path));
	}

}
