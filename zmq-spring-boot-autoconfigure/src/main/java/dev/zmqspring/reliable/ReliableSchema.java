package dev.zmqspring.reliable;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * Creates the tables of reliable delivery when they do not exist: {@code <prefix>outbox},
 * {@code <prefix>processed} and {@code <prefix>dead_letter}, with their indexes. Existing tables are left as they
 * are, so creating the schema at every startup is safe. Binary columns are {@code bytea} on PostgreSQL and
 * {@code blob} elsewhere; the statements ({@code create table if not exists}, {@code create index if not exists})
 * are those of PostgreSQL and H2.
 */
public final class ReliableSchema {

	/** The table prefix used when none is configured. */
	public static final String DEFAULT_TABLE_PREFIX = "zmq_";

	/** Longest headers JSON text that the {@code headers} columns hold. */
	static final int HEADERS_MAX_LENGTH = 4000;

	/** Longest error text that the dead letter {@code error} column holds. */
	static final int ERROR_MAX_LENGTH = 2000;

	private static final Pattern TABLE_PREFIX = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)?");

	private final JdbcTemplate jdbcTemplate;

	private final String tablePrefix;

	/**
	 * Creates a schema for the tables of a prefix.
	 * @param dataSource the database
	 * @param tablePrefix the table name prefix, such as {@value #DEFAULT_TABLE_PREFIX}: letters, digits and
	 * underscores, not starting with a digit
	 * @throws IllegalArgumentException when the prefix is not valid
	 */
	public ReliableSchema(DataSource dataSource, String tablePrefix) {
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.tablePrefix = checkTablePrefix(tablePrefix);
	}

	/**
	 * Creates the tables and indexes that do not exist yet.
	 * @throws DataAccessException when the database refuses a statement
	 */
	public void create() {
		try {
			executeStatements();
		}
		catch (DataAccessException ex) {
			// Two instances starting at once can race on "if not exists" (PostgreSQL then reports a duplicate
			// catalog entry); once the other one has finished, a second pass finds everything in place.
			try {
				executeStatements();
			}
			catch (DataAccessException again) {
				again.addSuppressed(ex);
				throw again;
			}
		}
	}

	private void executeStatements() {
		for (String statement : statements(isPostgreSql(this.jdbcTemplate))) {
			this.jdbcTemplate.execute(statement);
		}
	}

	/** The statements that create the schema, in order. */
	List<String> statements(boolean postgreSql) {
		String binary = postgreSql ? "bytea" : "blob";
		String prefix = this.tablePrefix;
		return List.of(
				"create table if not exists " + prefix + "outbox (message_id varchar(64) primary key, "
						+ "endpoint varchar(200) not null, headers varchar(" + HEADERS_MAX_LENGTH + ") not null, "
						+ "payload " + binary + " not null, created_at bigint not null, attempts int not null, "
						+ "next_attempt_at bigint not null)",
				"create index if not exists " + prefix + "outbox_due_idx on " + prefix
						+ "outbox (endpoint, next_attempt_at)",
				"create table if not exists " + prefix + "processed (listener_id varchar(200), "
						+ "message_id varchar(64), processed_at bigint not null, "
						+ "primary key (listener_id, message_id))",
				"create index if not exists " + prefix + "processed_at_idx on " + prefix
						+ "processed (processed_at)",
				"create table if not exists " + prefix + "dead_letter (listener_id varchar(200), "
						+ "message_id varchar(64), headers varchar(" + HEADERS_MAX_LENGTH + "), payload " + binary
						+ ", error varchar(" + ERROR_MAX_LENGTH + "), attempts int, failed_at bigint, "
						+ "primary key (listener_id, message_id))");
	}

	/**
	 * Checks a table prefix, which is written into SQL statements unquoted.
	 * @return the prefix
	 * @throws IllegalArgumentException when it holds anything but letters, digits and underscores, or starts with
	 * a digit
	 */
	static String checkTablePrefix(String tablePrefix) {
		Assert.notNull(tablePrefix, "zmq.reliable.table-prefix must not be null");
		Assert.isTrue(TABLE_PREFIX.matcher(tablePrefix).matches(), () -> "zmq.reliable.table-prefix '" + tablePrefix
				+ "' is not valid: use only letters, digits and underscores, not starting with a digit, such as '"
				+ DEFAULT_TABLE_PREFIX + "'");
		return tablePrefix;
	}

	/** Whether the database behind a template is PostgreSQL. */
	static boolean isPostgreSql(JdbcTemplate jdbcTemplate) {
		Boolean postgreSql = jdbcTemplate.execute((ConnectionCallback<Boolean>) (connection) -> isPostgreSql(
				connection.getMetaData()));
		return Boolean.TRUE.equals(postgreSql);
	}

	private static boolean isPostgreSql(DatabaseMetaData metaData) throws SQLException {
		String product = metaData.getDatabaseProductName();
		return product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
	}

}
