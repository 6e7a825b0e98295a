package dev.zmqspring.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application in a JVM of its own, started from the test classpath, so that
 * a test can kill it with SIGKILL ({@link #kill()}) and start it again. Its stdout and
 * stderr are read on a thread, kept for {@link #awaitLine}, and written to a file under
 * {@code target/fault-tests/} for diagnosis.
 * <p>
 * The main classes print {@value #READY} once their context has started.
 */
public final class ChildJvm implements AutoCloseable {

	public static final String READY = "READY";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(15);

	private static final Path LOGS = Path.of(System.getProperty("basedir", "."), "target", "fault-tests");

	private final String name;

	private final Process process;

	private final Path logFile;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private final long launchedAt = System.nanoTime();

	private ChildJvm(String name, Process process, Path logFile) {
		this.name = name;
		this.process = process;
		this.logFile = logFile;
		this.reader = new Thread(this::read, "child-jvm-" + name);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Starts a main class of the test sources in a new JVM; {@link #awaitReady()} waits
	 * until it is up.
	 * @param name a name for its log file and messages, such as {@code receiver-2}
	 * @param mainClass the class whose {@code main} to run
	 * @param arguments its arguments, such as
	 * {@code --zmq.endpoints.x.connect=tcp://127.0.0.1:40000}
	 * @return the child; kill or stop it, or close it in {@code @AfterEach}
	 */
	public static ChildJvm launch(String name, Class<?> mainClass, List<String> arguments) {
		return launch(name, mainClass, "256m", arguments);
	}

	/**
	 * Starts a main class of the test sources in a new JVM with the given maximum heap.
	 * @param name a name for its log file and messages
	 * @param mainClass the class whose {@code main} to run
	 * @param maxHeap the {@code -Xmx} value, such as {@code 128m}
	 * @param arguments its arguments
	 * @return the child
	 */
	public static ChildJvm launch(String name, Class<?> mainClass, String maxHeap, List<String> arguments) {
		return launch(name, javaCommand(), mainClass, maxHeap, arguments);
	}

	/**
	 * Starts a main class of the test sources in a new JVM of another Java installation
	 * (a newer Java than the build's, say).
	 * @param name a name for its log file and messages
	 * @param java the {@code java} command to run
	 * @param mainClass the class whose {@code main} to run
	 * @param maxHeap the {@code -Xmx} value, such as {@code 128m}
	 * @param arguments its arguments
	 * @return the child
	 */
	public static ChildJvm launch(String name, String java, Class<?> mainClass, String maxHeap,
			List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(java);
		// A small heap and C1 only: these children start often and do little, so start-up
		// time is what counts.
		command.addAll(List.of("-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC"));
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.add("--spring.main.banner-mode=off");
		command.add("--logging.level.root=WARN");
		command.addAll(arguments);
		try {
			Files.createDirectories(LOGS);
			Path logFile = LOGS.resolve(name + "-" + System.currentTimeMillis() + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			return new ChildJvm(name, process, logFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + mainClass.getName() + " in a new JVM", ex);
		}
	}

	private static String javaCommand() {
		Optional<String> running = ProcessHandle.current().info().command();
		return running.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

	/**
	 * Waits until the child prints {@value #READY}, and returns how long that took from
	 * its launch.
	 */
	public Duration awaitReady() {
		awaitLine(READY::equals, START_TIMEOUT);
		return Duration.ofNanos(System.nanoTime() - this.launchedAt);
	}

	/** Waits for a line that matches and returns it. */
	public String awaitLine(Predicate<String> condition, Duration timeout) {
		try {
			await().atMost(timeout)
				.pollInterval(Duration.ofMillis(10))
				.failFast(this.name + " ended without the expected line" + describe(),
						() -> !this.reader.isAlive() && this.lines.stream().noneMatch(condition))
				.until(() -> this.lines.stream().anyMatch(condition));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(this.name + " printed no expected line within " + timeout + describe(), ex);
		}
		return this.lines.stream().filter(condition).findFirst().orElseThrow();
	}

	/** Whether a line that matches was printed. */
	public boolean hasPrinted(Predicate<String> condition) {
		return this.lines.stream().anyMatch(condition);
	}

	/** The lines printed so far that match, in order. */
	public List<String> linesMatching(Predicate<String> condition) {
		return this.lines.stream().filter(condition).toList();
	}

	/**
	 * The last number printed after a prefix, such as 300 for {@code PROCESSED 300}; -1
	 * when there was none.
	 */
	public long lastNumber(String prefix) {
		long result = -1;
		for (String line : this.lines) {
			if (line.startsWith(prefix + " ")) {
				result = Long.parseLong(line.substring(prefix.length() + 1).trim());
			}
		}
		return result;
	}

	/**
	 * SIGKILL (on Linux {@link Process#destroyForcibly()} is SIGKILL), its children
	 * first, then waits for the end.
	 */
	public void kill() {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
		awaitExit();
	}

	/**
	 * SIGTERM: the JVM runs its shutdown hooks, so Spring closes the context. SIGKILL if
	 * it does not end in time.
	 */
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(
						this.name + " did not stop within " + EXIT_TIMEOUT + " after SIGTERM" + describe());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			if (this.process.isAlive()) {
				kill();
			}
		}
		joinReader();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public long pid() {
		return this.process.pid();
	}

	/** Kills the child if it still runs. */
	@Override
	public void close() {
		if (this.process.isAlive() || this.process.descendants().findAny().isPresent()) {
			kill();
		}
	}

	/** What the child printed, for failure messages. */
	public String describe() {
		List<String> shown = this.lines;
		int from = Math.max(0, shown.size() - 60);
		return "\n--- " + this.name + " (pid " + this.process.pid() + ", log " + this.logFile + "), last lines ---\n"
				+ String.join("\n", shown.subList(from, shown.size()));
	}

	private void awaitExit() {
		try {
			if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(this.name + " did not end within " + EXIT_TIMEOUT + " after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		joinReader();
	}

	private void joinReader() {
		try {
			this.reader.join(EXIT_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void read() {
		try (BufferedReader input = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				Writer log = Files.newBufferedWriter(this.logFile, StandardCharsets.UTF_8)) {
			String line;
			while ((line = input.readLine()) != null) {
				this.lines.add(line);
				log.write(line);
				log.write('\n');
				log.flush();
			}
		}
		catch (IOException ex) {
			// The stream closes when the process is killed.
		}
	}

}
