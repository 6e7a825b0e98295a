package dev.zmqspring.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A Python pyzmq peer for interoperability tests: one script of {@code src/test/python}
 * run by Debian's {@code /usr/bin/python3} (whose {@code python3-zmq} package a pyenv
 * {@code python3} would not see). Every script prints JSON lines on stdout and ends by
 * itself within a bounded time; {@link #close()} ends it anyway.
 * <p>
 * {@link #assumeAvailable()} skips a test when pyzmq is missing, except on CI
 * ({@code CI=true}), where a missing pyzmq fails the tests: {@code .ci/run} installs it,
 * so a skip there would hide a gap.
 */
final class PythonPeer implements AutoCloseable {

	static final String PYTHON = "/usr/bin/python3";

	private static final Path SCRIPTS = Path.of(System.getProperty("basedir", "."), "src", "test", "python");

	private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(15);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static volatile String problem;

	private static volatile boolean checked;

	private final String script;

	private final Process process;

	private final List<String> stdout = new CopyOnWriteArrayList<>();

	private final List<String> stderr = new CopyOnWriteArrayList<>();

	private final Thread stdoutReader;

	private final Thread stderrReader;

	private PythonPeer(String script, Process process) {
		this.script = script;
		this.process = process;
		this.stdoutReader = collect(process.getInputStream(), this.stdout, script + "-stdout");
		this.stderrReader = collect(process.getErrorStream(), this.stderr, script + "-stderr");
	}

	/**
	 * Skips the calling test when {@code /usr/bin/python3} cannot {@code import zmq};
	 * fails it instead when the environment variable {@code CI} is {@code true}. Call it
	 * from {@code @BeforeEach}: Surefire reports tests skipped from {@code @BeforeAll} as
	 * if there were none, without the reason.
	 */
	static void assumeAvailable() {
		require(pyzmqProblem(), System.getenv("CI"));
	}

	/**
	 * The availability rule, apart from the environment, so that it can be tested.
	 * @param problem why pyzmq cannot be used, or {@code null} when it can
	 * @param ci the value of the {@code CI} environment variable, or {@code null}
	 */
	static void require(String problem, String ci) {
		if (problem == null) {
			return;
		}
		String message = "Python interoperability tests need pyzmq for " + PYTHON + " (" + problem
				+ "); install it with: apt-get install python3-zmq";
		if ("true".equalsIgnoreCase(ci)) {
			Assertions.fail(message + ". Failing instead of skipping because CI=true");
		}
		Assumptions.assumeTrue(false, message);
	}

	private static String pyzmqProblem() {
		if (!checked) {
			synchronized (PythonPeer.class) {
				if (!checked) {
					problem = checkPyzmq();
					checked = true;
				}
			}
		}
		return problem;
	}

	private static String checkPyzmq() {
		if (!Files.isExecutable(Path.of(PYTHON))) {
			return PYTHON + " not found";
		}
		try (PythonPeer check = new PythonPeer("import-check",
				new ProcessBuilder(PYTHON, "-c", "import zmq").start())) {
			if (!check.process.waitFor(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				return "'import zmq' did not finish within " + CHECK_TIMEOUT;
			}
			check.drain();
			if (check.process.exitValue() == 0) {
				return null;
			}
			// The last line of the traceback says what is wrong, such as "No module named
			// 'zmq'".
			List<String> errors = check.stderr;
			return "'import zmq' failed" + (errors.isEmpty() ? "" : ": " + errors.get(errors.size() - 1));
		}
		catch (IOException ex) {
			return PYTHON + " cannot be started: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while checking for pyzmq";
		}
	}

	/**
	 * Starts a script of {@code src/test/python}.
	 * @param script the file name, such as {@code req_client.py}
	 * @param arguments its arguments
	 * @return the running peer; close it in a {@code finally} block or try-with-resources
	 */
	static PythonPeer start(String script, String... arguments) {
		Path file = SCRIPTS.resolve(script);
		Assertions.assertTrue(Files.isRegularFile(file), () -> "No Python peer script " + file.toAbsolutePath());
		List<String> command = new ArrayList<>();
		command.add(PYTHON);
		// Unbuffered, so that every line reaches the test as soon as it is printed.
		command.add("-u");
		command.add(file.toString());
		command.addAll(List.of(arguments));
		try {
			return new PythonPeer(script, new ProcessBuilder(command).start());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + command, ex);
		}
	}

	/** The JSON lines printed so far. */
	List<JsonNode> lines() {
		List<JsonNode> lines = new ArrayList<>();
		for (String line : this.stdout) {
			try {
				lines.add(mapper.readTree(line));
			}
			catch (JacksonException ex) {
				throw new AssertionError(this.script + " printed a line that is not JSON: " + line + describeOutput(),
						ex);
			}
		}
		return lines;
	}

	/** Whether the script has ended (by itself, or killed). */
	boolean hasEnded() {
		return !this.process.isAlive();
	}

	/**
	 * Reads a printed JSON value as a Java type, the way the starter's converter would.
	 */
	static <T> T as(JsonNode node, Class<T> type) {
		return mapper.treeToValue(node, type);
	}

	/** Parses JSON text, such as a reply that a bytes-mode client printed as a string. */
	static JsonNode parse(String json) {
		return mapper.readTree(json);
	}

	/** Waits for the first printed line that matches, such as {@code {"port": 40123}}. */
	JsonNode awaitLine(Predicate<JsonNode> condition, Duration timeout) {
		await().atMost(timeout)
			.pollInterval(Duration.ofMillis(10))
			.failFast(this.script + " ended without the expected line" + describeOutput(),
					() -> !this.stdoutReader.isAlive() && lines().stream().noneMatch(condition))
			.until(() -> lines().stream().anyMatch(condition));
		return lines().stream().filter(condition).findFirst().orElseThrow();
	}

	/** Waits for the {@code {"port": N}} line of a script that binds, and returns N. */
	int awaitPort(Duration timeout) {
		return awaitLine(line -> line.has("port"), timeout).get("port").asInt();
	}

	/**
	 * Waits for the script to end and requires exit code 0.
	 * @return every JSON line it printed
	 */
	List<JsonNode> awaitSuccess(Duration timeout) {
		int exit = awaitExit(timeout);
		Assertions.assertEquals(0, exit, () -> this.script + " failed" + describeOutput());
		return lines();
	}

	/**
	 * Waits for the script to end and returns its exit code, with all its output read.
	 */
	int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				Assertions.fail(this.script + " did not end within " + timeout + describeOutput());
			}
			drain();
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + this.script, ex);
		}
	}

	/**
	 * Runs the Java side of an exchange with this peer; when it fails, the failure
	 * carries what the peer printed.
	 */
	void verify(ThrowingRunnable action) throws Throwable {
		try {
			action.run();
		}
		catch (Throwable ex) {
			ex.addSuppressed(new AssertionError("While talking to " + this.script + describeOutput()));
			throw ex;
		}
	}

	/** Closes the script's standard input: the publisher scripts stop publishing then. */
	void stop() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// The process has ended already.
		}
	}

	/** Ends the script: closes its input, gives it a moment, then kills it. */
	@Override
	public void close() {
		stop();
		try {
			if (!this.process.waitFor(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	String describeOutput() {
		return "\n--- " + this.script + " stdout ---\n" + String.join("\n", this.stdout) + "\n--- " + this.script
				+ " stderr ---\n" + String.join("\n", this.stderr);
	}

	/** Lets the reader threads take the last lines after the process ended. */
	private void drain() throws InterruptedException {
		this.stdoutReader.join(CLOSE_TIMEOUT.toMillis());
		this.stderrReader.join(CLOSE_TIMEOUT.toMillis());
	}

	/** Test code that may throw anything. */
	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Throwable;

	}

	private static Thread collect(InputStream stream, List<String> into, String name) {
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					into.add(line);
				}
			}
			catch (IOException ex) {
				// The stream closes when the process is killed.
			}
		}, "python-" + name);
		reader.setDaemon(true);
		reader.start();
		return reader;
	}

}
