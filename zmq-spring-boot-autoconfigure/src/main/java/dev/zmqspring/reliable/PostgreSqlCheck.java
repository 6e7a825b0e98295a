package dev.zmqspring.reliable;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whether a store's database is PostgreSQL, asked of the database once, on first use (not
 * at construction, so that creating a store opens no connection).
 */
final class PostgreSqlCheck {

	private final JdbcTemplate jdbcTemplate;

	private volatile @Nullable Boolean postgreSql;

	PostgreSqlCheck(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	boolean isPostgreSql() {
		Boolean result = this.postgreSql;
		if (result == null) {
			result = ReliableSchema.isPostgreSql(this.jdbcTemplate);
			this.postgreSql = result;
		}
		return result;
	}

	/**
	 * In a transaction, has PostgreSQL commit it without waiting for the disk
	 * ({@code synchronous_commit} off for this transaction alone); elsewhere nothing. For
	 * the transactions whose loss in a crash only delivers messages again (claims and
	 * acknowledgements), which at-least-once delivery allows.
	 */
	void commitWithoutWaitingForDisk() {
		if (isPostgreSql()) {
			this.jdbcTemplate.execute("set local synchronous_commit to off");
		}
	}

	/**
	 * As {@link #commitWithoutWaitingForDisk()}, and has PostgreSQL plan this
	 * transaction's statements with index scans and nested loops only: for statements
	 * that touch a few rows of queue tables by key, whose statistics are always out of
	 * date (a table of messages that grew since it was last analyzed was hashed whole for
	 * each claim, a second each with 100,000 messages).
	 */
	void commitWithoutWaitingForDiskByKey() {
		if (isPostgreSql()) {
			this.jdbcTemplate.queryForList("select set_config('synchronous_commit', 'off', true),"
					+ " set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true),"
					+ " set_config('enable_mergejoin', 'off', true)");
		}
	}

}
