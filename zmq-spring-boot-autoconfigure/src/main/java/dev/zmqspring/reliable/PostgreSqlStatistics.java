package dev.zmqspring.reliable;

import java.sql.SQLException;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gives PostgreSQL's planner statistics of a queue table that has rows but none yet:
 * never analyzed, or analyzed while empty, the planner takes the table for nearly empty
 * and looks rows up by their key through another index that shares its first columns,
 * walking a whole group's rows for each (a drain of thousands of messages a second slows
 * to hundreds). Autovacuum analyzes such a table only after its thresholds and naptime;
 * this analyzes it as soon as it is seen with rows and without statistics, checking at
 * most once per {@link #INTERVAL_MS} (a small table's analysis takes milliseconds; a
 * large one's samples 30,000 rows). A user who does not own the tables gets a warning
 * from PostgreSQL, which analyzes nothing; one refused outright (SQL state 42501) stops
 * trying, said once at debug level; other failures are tried again at the next check.
 */
final class PostgreSqlStatistics {

	private static final Log logger = LogFactory.getLog(PostgreSqlStatistics.class);

	/** The least time between two checks of the statistics. */
	static final long INTERVAL_MS = 10_000;

	private final JdbcTemplate jdbcTemplate;

	private final List<String> tables;

	private volatile long nextCheck;

	private volatile boolean refused;

	PostgreSqlStatistics(JdbcTemplate jdbcTemplate, List<String> tables) {
		this.jdbcTemplate = jdbcTemplate;
		this.tables = List.copyOf(tables);
	}

	/**
	 * Analyzes the tables whose statistics say they have no rows, when the caller has
	 * just seen rows in them; not in a transaction of the caller's.
	 */
	void refresh() {
		long now = System.currentTimeMillis();
		if (this.refused || now < this.nextCheck) {
			return;
		}
		this.nextCheck = now + INTERVAL_MS;
		try {
			for (String table : this.tables) {
				List<Float> tuples = this.jdbcTemplate
					.queryForList("select reltuples from pg_class where oid = to_regclass(?)", Float.class, table);
				if (!tuples.isEmpty() && tuples.get(0) != null && tuples.get(0) <= 0) {
					this.jdbcTemplate.execute("analyze " + table);
				}
			}
		}
		catch (DataAccessException ex) {
			if (ex.getMostSpecificCause() instanceof SQLException sql && "42501".equals(sql.getSQLState())) {
				this.refused = true;
				logger.debug("May not analyze " + this.tables + "; PostgreSQL plans its lookups without statistics"
						+ " until autovacuum analyzes them", ex);
			}
			else {
				logger.debug("Could not analyze " + this.tables + "; trying again at the next check", ex);
			}
		}
	}

}
