package dev.zmqspring.benchmarks.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the benchmark's own: a new cluster in a temporary directory,
 * started on a free port with PostgreSQL's default (durable) settings, and removed when
 * closed. It runs PostgreSQL's own binaries ({@code initdb}, {@code pg_ctl}) from
 * {@code PATH} or {@code /usr/lib/postgresql/<version>/bin}; as root, as the
 * {@code postgres} user (PostgreSQL refuses to run as root).
 */
public final class LocalPostgreSql implements AutoCloseable {

	private static final String USER = "bench";

	private final Path directory;

	private final Path bin;

	private final int port;

	private final boolean asPostgresUser;

	private LocalPostgreSql(Path directory, Path bin, int port, boolean asPostgresUser) {
		this.directory = directory;
		this.bin = bin;
		this.port = port;
		this.asPostgresUser = asPostgresUser;
	}

	/**
	 * Where PostgreSQL's binaries are, or {@code null} when it is not installed.
	 */
	public static Path findBinaries() {
		String path = System.getenv("PATH");
		List<Path> candidates = new ArrayList<>();
		if (path != null) {
			Arrays.stream(path.split(File.pathSeparator)).map(Path::of).forEach(candidates::add);
		}
		Path debian = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(debian)) {
			try (Stream<Path> versions = Files.list(debian)) {
				// The newest first, by number (as "sort -V" does: 17 after 9.6).
				versions.sorted(Comparator.comparing(LocalPostgreSql::versionNumber).reversed())
					.map((version) -> version.resolve("bin"))
					.forEach(candidates::add);
			}
			catch (IOException ex) {
				// Not there after all.
			}
		}
		// Where initdb really is (PATH may hold links to it): createdb is next to it.
		return candidates.stream()
			.map((dir) -> dir.resolve("initdb"))
			.filter(Files::isExecutable)
			.map(LocalPostgreSql::realDirectory)
			.filter((dir) -> dir != null && Files.isExecutable(dir.resolve("pg_ctl"))
					&& Files.isExecutable(dir.resolve("createdb")))
			.findFirst()
			.orElse(null);
	}

	private static double versionNumber(Path directory) {
		try {
			return Double.parseDouble(directory.getFileName().toString());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static Path realDirectory(Path program) {
		try {
			return program.toRealPath().getParent();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Creates and starts a cluster.
	 * @throws IllegalStateException when PostgreSQL is not installed or does not start
	 */
	public static LocalPostgreSql start() throws IOException, InterruptedException {
		Path bin = findBinaries();
		if (bin == null) {
			throw new IllegalStateException("PostgreSQL is not installed (no initdb and pg_ctl on the PATH or in"
					+ " /usr/lib/postgresql/<version>/bin); on Debian or Ubuntu: apt-get install postgresql");
		}
		boolean root = "root".equals(System.getProperty("user.name"));
		Path directory = Files.createTempDirectory("zmq-bench-postgresql");
		if (root) {
			run(List.of("chown", "postgres", directory.toString()), false);
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		LocalPostgreSql server = new LocalPostgreSql(directory, bin, port, root);
		try {
			Path data = directory.resolve("data");
			server.pg("initdb", "-D", data.toString(), "-U", USER, "--auth=trust", "--encoding=UTF8", "--no-sync");
			server.pg("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-l", directory.resolve("log").toString(),
					"-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c max_connections=200",
					"start");
			return server;
		}
		catch (IOException | RuntimeException ex) {
			server.close();
			throw ex;
		}
	}

	/** Creates a database, owned by {@link #user()}. */
	public void createDatabase(String name) {
		try {
			pg("createdb", "-h", "127.0.0.1", "-p", Integer.toString(this.port), "-U", USER, name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating database " + name, ex);
		}
	}

	/** The JDBC URL of a database of this server. */
	public String url(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	/** The user to connect as (no password). */
	public String user() {
		return USER;
	}

	@Override
	public void close() {
		try {
			pg("pg_ctl", "-D", this.directory.resolve("data").toString(), "-m", "immediate", "-w", "stop");
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			// Not started, or gone already.
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary directory left behind.
		}
	}

	private void pg(String program, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(this.bin.resolve(program).toString());
		command.addAll(Arrays.asList(arguments));
		run(command, this.asPostgresUser);
	}

	private static void run(List<String> command, boolean asPostgresUser) throws IOException, InterruptedException {
		List<String> full = new ArrayList<>();
		if (asPostgresUser) {
			full.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		full.addAll(command);
		Path output = Files.createTempFile("zmq-bench-postgresql", ".log");
		try {
			Process process = new ProcessBuilder(full).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			boolean exited = process.waitFor(120, TimeUnit.SECONDS);
			if (!exited || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", full) + (exited ? " failed: " : " did not finish: ")
						+ Files.readString(output));
			}
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

}
