package dev.zmqspring.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.zmqspring.testsupport.ChildJvm;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual threads send without pinning their carriers: hundreds of them wait for room in
 * a full send queue, and send requests and wait for their replies, while the JDK's
 * pinning diagnostics ({@code jdk.VirtualThreadPinned}, every pin however short) record
 * nothing; and every message arrives. On Java 21 or later this runs in the test's JVM; on
 * Java 17 in a child JVM of the machine's newest Java under {@code /usr/lib/jvm} (or
 * {@code ZMQ_TEST_JAVA21_HOME}), which CI ({@code CI=true}) must have.
 */
@Timeout(120)
class VirtualThreadSendingTests {

	@Test
	void virtualThreadsWaitingForRoomOrForRepliesPinNoCarrier(@TempDir Path directory) throws Exception {
		if (Runtime.version().feature() >= 21) {
			VirtualThreadSending.Result result = VirtualThreadSending.run(directory);
			assertThat(result).isEqualTo(new VirtualThreadSending.Result(true, 0, VirtualThreadSending.MESSAGES,
					VirtualThreadSending.THREADS));
			return;
		}
		String java = newerJava().orElseGet(() -> {
			String message = "The virtual-thread test needs Java 21 or later: none under /usr/lib/jvm, and"
					+ " ZMQ_TEST_JAVA21_HOME is not set";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(message + ". Failing instead of skipping because CI=true");
			}
			Assumptions.abort(message);
			return null;
		});
		try (ChildJvm child = ChildJvm.launch("virtual-threads", java, VirtualThreadSending.class, "512m", List.of())) {
			child.awaitLine((line) -> line.startsWith("REPLIED "), Duration.ofSeconds(90));
			assertThat(child.hasPrinted("EVENT true"::equals)).as("the JDK has the pinning event").isTrue();
			assertThat(child.lastNumber("PINNED")).as("carriers pinned by virtual threads that sent").isZero();
			assertThat(child.lastNumber("DELIVERED")).isEqualTo(VirtualThreadSending.MESSAGES);
			assertThat(child.lastNumber("REPLIED")).isEqualTo(VirtualThreadSending.THREADS);
		}
	}

	/**
	 * The {@code java} command of a Java 21 or later installation, if the machine has
	 * one.
	 */
	private static Optional<String> newerJava() throws IOException {
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
