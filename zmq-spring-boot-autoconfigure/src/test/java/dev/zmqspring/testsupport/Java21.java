package dev.zmqspring.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A Java 21 or later for the tests of virtual threads when the build runs on Java 17: the
 * machine's newest Java under {@code /usr/lib/jvm}, or {@code ZMQ_TEST_JAVA21_HOME}. CI
 * ({@code CI=true}) must have one: there the test fails instead of skipping.
 */
public final class Java21 {

	private Java21() {
	}

	/** Whether the test's own JVM has virtual threads. */
	public static boolean isRunning() {
		return Runtime.version().feature() >= 21;
	}

	/**
	 * The {@code java} command of a Java 21 or later installation; aborts the test (fails
	 * it under {@code CI=true}) when the machine has none.
	 */
	public static String javaCommand() throws IOException {
		return find().orElseGet(() -> {
			String message = "This test needs Java 21 or later: none under /usr/lib/jvm, and ZMQ_TEST_JAVA21_HOME is"
					+ " not set";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(message + ". Failing instead of skipping because CI=true");
			}
			Assumptions.abort(message);
			return null;
		});
	}

	private static Optional<String> find() throws IOException {
		String configured = System.getenv("ZMQ_TEST_JAVA21_HOME");
		if (configured != null && !configured.isBlank()) {
			return Optional.of(Path.of(configured, "bin", "java").toString());
		}
		Path jvms = Path.of("/usr/lib/jvm");
		if (!Files.isDirectory(jvms)) {
			return Optional.empty();
		}
		try (Stream<Path> homes = Files.list(jvms)) {
			return homes.filter((home) -> Files.isExecutable(home.resolve("bin").resolve("java")))
				.filter((home) -> feature(home) >= 21)
				.max((a, b) -> Integer.compare(feature(a), feature(b)))
				.map((home) -> home.resolve("bin").resolve("java").toString());
		}
	}

	/**
	 * The feature version in a Java installation's {@code release} file, 0 when unknown.
	 */
	private static int feature(Path home) {
		try {
			for (String line : Files.readAllLines(home.resolve("release"))) {
				if (line.startsWith("JAVA_VERSION=")) {
					String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
					return Integer.parseInt(version.split("[.+-]")[0]);
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Not a Java installation we can read.
		}
		return 0;
	}

}
