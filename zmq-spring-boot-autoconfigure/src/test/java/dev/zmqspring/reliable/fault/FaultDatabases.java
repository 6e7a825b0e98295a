package dev.zmqspring.reliable.fault;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * What the kill tests share: databases that survive SIGKILL, reading them once their
 * process is gone, and reading a child's progress lines.
 */
final class FaultDatabases {

	private FaultDatabases() {
	}

	/**
	 * An H2 database file in a test's temporary directory. {@code WRITE_DELAY=0}: H2
	 * writes each commit to the file at once (by default it may wait up to half a
	 * second), so that a commit survives SIGKILL; the operating system keeps what was
	 * written even though the process died. {@code LOCK_TIMEOUT}: a redelivery waits for
	 * the processed-id row that a concurrent delivery of the same message holds.
	 * {@code DB_CLOSE_ON_EXIT=FALSE}: on SIGTERM, Spring closes the pool and so the
	 * database, not H2's own shutdown hook while listeners still run.
	 */
	static String fileDatabase(Path directory, String name) {
		return "jdbc:h2:file:" + directory.resolve(name).toAbsolutePath()
				+ ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
	}

	/** Reads a number from a database that no other process has open. */
	static long queryLong(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			return fail("Cannot read " + url + ": " + sql, ex);
		}
	}

	/** Reads a column of strings from a database that no other process has open. */
	static List<String> queryStrings(String url, String sql) {
		List<String> values = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(url, "sa", "");
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				values.add(result.getString(1));
			}
			return values;
		}
		catch (SQLException ex) {
			return fail("Cannot read " + url + ": " + sql, ex);
		}
	}

	/** The number a progress line such as {@code PROCESSED 300} carries, or -1. */
	static long numberAfter(String prefix, String line) {
		return line.startsWith(prefix + " ") ? Long.parseLong(line.substring(prefix.length() + 1).trim()) : -1;
	}

	static long millisSince(long nanoTime) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
	}

}
