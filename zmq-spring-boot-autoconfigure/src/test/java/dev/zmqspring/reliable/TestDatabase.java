package dev.zmqspring.reliable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database with the reliable delivery tables for one test: a new H2 in-memory database
 * (in a compatibility mode with another platform's script, if asked), or fresh tables
 * under a unique prefix in the PostgreSQL database named by the environment variable
 * {@value #POSTGRESQL_URL} (user and password in {@value #POSTGRESQL_USER} and
 * {@value #POSTGRESQL_PASSWORD}). {@code .ci/run} starts a PostgreSQL server and sets
 * them; with {@code CI=true} the PostgreSQL tests fail when the URL is missing instead of
 * being skipped.
 */
public final class TestDatabase implements AutoCloseable {

	/**
	 * Environment variable naming the PostgreSQL JDBC URL that the PostgreSQL tests use.
	 */
	static final String POSTGRESQL_URL = "ZMQ_TEST_POSTGRESQL_URL";

	/** Environment variable naming the PostgreSQL user. */
	static final String POSTGRESQL_USER = "ZMQ_TEST_POSTGRESQL_USER";

	/** Environment variable naming the PostgreSQL password. */
	static final String POSTGRESQL_PASSWORD = "ZMQ_TEST_POSTGRESQL_PASSWORD";

	private static final AtomicInteger counter = new AtomicInteger();

	private final DataSource dataSource;

	private final String prefix;

	private final boolean dropOnClose;

	private final String countBlockedSessions;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	private TestDatabase(DataSource dataSource, String prefix, boolean dropOnClose, String countBlockedSessions) {
		this.dataSource = dataSource;
		this.countBlockedSessions = countBlockedSessions;
		this.prefix = prefix;
		this.dropOnClose = dropOnClose;
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	/** A new H2 in-memory database with the tables of the default prefix. */
	static TestDatabase h2() {
		return h2(ReliableSchema.DEFAULT_TABLE_PREFIX);
	}

	/** A new H2 in-memory database with the tables of a prefix. */
	static TestDatabase h2(String prefix) {
		JdbcDataSource dataSource = h2DataSource("");
		TestDatabase database = h2(dataSource, prefix);
		ReliableSchema schema = new ReliableSchema(dataSource, prefix);
		schema.create();
		schema.createTopicTables();
		return database;
	}

	/**
	 * A new H2 in-memory database in a compatibility mode, with the tables of another
	 * platform's script.
	 * @param mode H2's mode, such as {@code MySQL}
	 * @param platform the platform of the script, such as {@code mysql}
	 */
	static TestDatabase h2(String mode, String platform) {
		JdbcDataSource dataSource = h2DataSource(";MODE=" + mode);
		TestDatabase database = h2(dataSource, ReliableSchema.DEFAULT_TABLE_PREFIX);
		ReliableSchema schema = new ReliableSchema(dataSource, ReliableSchema.DEFAULT_TABLE_PREFIX);
		schema.create(List.of(new ClassPathResource(ReliableSchema.scriptPath(platform))), StandardCharsets.UTF_8);
		schema.createTopicTables(List.of(new ClassPathResource(
				ReliableSchema.TOPICS_LOCATION.substring("classpath:".length()).replace("@@platform@@", platform))),
				StandardCharsets.UTF_8);
		return database;
	}

	private static JdbcDataSource h2DataSource(String settings) {
		JdbcDataSource dataSource = new JdbcDataSource();
		// A long lock timeout: a test that holds a row lock on purpose must not be cut
		// short on a slow machine.
		dataSource
			.setURL("jdbc:h2:mem:reliable-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000" + settings);
		return dataSource;
	}

	private static TestDatabase h2(DataSource dataSource, String prefix) {
		// H2 shows no blocker for a row lock: a session still inside an insert is the one
		// waiting.
		return new TestDatabase(dataSource, prefix, false, "select count(*)"
				+ " from information_schema.sessions where lower(executing_statement) like 'insert into%'");
	}

	/**
	 * Whether the PostgreSQL tests run: when {@value #POSTGRESQL_URL} is set, and always
	 * on CI ({@code CI=true}), where {@link #postgreSqlDataSource()} then fails saying
	 * what is missing.
	 */
	public static boolean postgreSqlEnabled() {
		return System.getenv(POSTGRESQL_URL) != null || "true".equalsIgnoreCase(System.getenv("CI"));
	}

	/**
	 * The PostgreSQL database named by {@value #POSTGRESQL_URL}, through a small pool (a
	 * new PostgreSQL connection costs milliseconds: a test that makes a thousand calls
	 * would take minutes without one); close it when done.
	 */
	public static HikariDataSource postgreSqlDataSource() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(postgreSqlUrl(""));
		dataSource.setUsername(postgreSqlUser());
		dataSource.setPassword(postgreSqlPassword());
		dataSource.setMaximumPoolSize(4);
		return dataSource;
	}

	/**
	 * The JDBC URL of the PostgreSQL database.
	 * @param parameters extra URL parameters, such as {@code currentSchema=x}, or empty
	 */
	public static String postgreSqlUrl(String parameters) {
		String url = System.getenv(POSTGRESQL_URL);
		if (url == null || url.isBlank()) {
			throw new IllegalStateException(POSTGRESQL_URL + " is not set, and CI=true: the PostgreSQL tests must run"
					+ " on CI. Run them through .ci/run, which installs Debian's postgresql package when it is missing,"
					+ " starts its cluster and sets " + POSTGRESQL_URL + ", " + POSTGRESQL_USER + " and "
					+ POSTGRESQL_PASSWORD + "; or set them to a PostgreSQL database of your own, such as"
					+ " jdbc:postgresql://127.0.0.1:5432/zmq_test");
		}
		if (parameters.isEmpty()) {
			return url;
		}
		return url + (url.contains("?") ? "&" : "?") + parameters;
	}

	public static String postgreSqlUser() {
		String user = System.getenv(POSTGRESQL_USER);
		return (user != null) ? user : "postgres";
	}

	public static String postgreSqlPassword() {
		String password = System.getenv(POSTGRESQL_PASSWORD);
		return (password != null) ? password : "";
	}

	/** A name no other test (in this JVM or another) uses, for tables or a schema. */
	public static String uniqueName() {
		return "t" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet() + "_";
	}

	/**
	 * Fresh tables under a unique prefix in the PostgreSQL database named by
	 * {@value #POSTGRESQL_URL}.
	 */
	static TestDatabase postgreSql() {
		HikariDataSource dataSource = postgreSqlDataSource();
		String prefix = uniqueName();
		TestDatabase database = new TestDatabase(dataSource, prefix, true, "select count(*) from pg_stat_activity"
				+ " where datname = current_database() and wait_event_type = 'Lock'");
		ReliableSchema schema = new ReliableSchema(dataSource, prefix);
		schema.create();
		schema.createTopicTables();
		return database;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	String prefix() {
		return this.prefix;
	}

	JdbcTemplate jdbcTemplate() {
		return this.jdbcTemplate;
	}

	TransactionTemplate transactions() {
		return this.transactions;
	}

	/**
	 * Whether a session of the database is waiting for a row lock that another one holds.
	 */
	boolean hasBlockedSession() {
		Long blocked = this.jdbcTemplate.queryForObject(this.countBlockedSessions, Long.class);
		return blocked != null && blocked > 0;
	}

	@Override
	public void close() {
		if (this.dropOnClose) {
			for (String table : new String[] { "outbox", "processed", "dead_letter", "topic_message", "topic_delivery",
					"topic_group" }) {
				this.jdbcTemplate.execute("drop table if exists " + this.prefix + table);
			}
			if (this.dataSource instanceof HikariDataSource pool) {
				pool.close();
			}
		}
		else {
			this.jdbcTemplate.execute("shutdown");
		}
	}

}
