package dev.zmqspring;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.zmqspring.core.ZmqTemplate;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every package of the starter's code is {@link NullMarked}: a type that is not marked
 * {@code @Nullable} is never {@code null}. A new package without a
 * {@code package-info.java} that says so fails here.
 */
@Timeout(30)
class NullMarkedPackagesTests {

	@Test
	void everyPackageOfTheMainCodeIsNullMarked() throws IOException, URISyntaxException {
		Path classes = Path.of(ZmqTemplate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		String separator = classes.getFileSystem().getSeparator();
		List<String> packages;
		try (Stream<Path> files = Files.walk(classes)) {
			packages = files.filter((file) -> file.toString().endsWith(".class"))
				.map((file) -> classes.relativize(file.getParent()).toString().replace(separator, "."))
				.distinct()
				.sorted()
				.toList();
		}
		assertThat(packages).contains("dev.zmqspring.core", "dev.zmqspring.autoconfigure");
		assertThat(packages).allSatisfy(
				(name) -> assertThat(nullMarked(name)).as("package %s is @NullMarked in its package-info.java", name)
					.isTrue());
	}

	private static boolean nullMarked(String packageName) {
		try {
			return Class.forName(packageName + ".package-info").isAnnotationPresent(NullMarked.class);
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

}
