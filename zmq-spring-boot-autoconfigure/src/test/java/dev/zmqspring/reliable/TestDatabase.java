package dev.zmqspring.reliable;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database with the reliable delivery tables for one test: a new H2 in-memory database, or (when
 * {@code zmq.test.postgresql.url} is set) fresh tables under a unique prefix in a PostgreSQL database.
 */
final class TestDatabase implements AutoCloseable {

	/** System property naming a PostgreSQL JDBC URL to run the JDBC store tests against as well. */
	static final String POSTGRESQL_URL = "zmq.test.postgresql.url";

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
		JdbcDataSource dataSource = new JdbcDataSource();
		// A long lock timeout: a test that holds a row lock on purpose must not be cut short on a slow machine.
		dataSource.setURL("jdbc:h2:mem:reliable-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
		// H2 shows no blocker for a row lock: a session still inside an insert is the one waiting.
		TestDatabase database = new TestDatabase(dataSource, prefix, false, "select count(*)"
				+ " from information_schema.sessions where lower(executing_statement) like 'insert into%'");
		new ReliableSchema(dataSource, prefix).create();
		return database;
	}

	/** Fresh tables under a unique prefix in the PostgreSQL database named by {@value #POSTGRESQL_URL}. */
	static TestDatabase postgreSql() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(System.getProperty(POSTGRESQL_URL),
				System.getProperty("zmq.test.postgresql.user", "postgres"),
				System.getProperty("zmq.test.postgresql.password", ""));
		String prefix = "t" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet() + "_";
		TestDatabase database = new TestDatabase(dataSource, prefix, true, "select count(*) from pg_stat_activity"
				+ " where datname = current_database() and wait_event_type = 'Lock'");
		new ReliableSchema(dataSource, prefix).create();
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

	/** Whether a session of the database is waiting for a row lock that another one holds. */
	boolean hasBlockedSession() {
		Long blocked = this.jdbcTemplate.queryForObject(this.countBlockedSessions, Long.class);
		return blocked != null && blocked > 0;
	}

	@Override
	public void close() {
		if (this.dropOnClose) {
			for (String table : new String[] { "outbox", "processed", "dead_letter" }) {
				this.jdbcTemplate.execute("drop table if exists " + this.prefix + table);
			}
		}
		else {
			this.jdbcTemplate.execute("shutdown");
		}
	}

}
