package dev.zmqspring.reliable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * A {@link ProcessedMessageStore} in the {@code <prefix>processed} table of a database
 * (see {@link ReliableSchema}). Marks are written on the connection of the listener's
 * Spring transaction when one is active: the mark commits with the listener's own
 * database work, or rolls back with it. While one transaction holds an uncommitted mark,
 * another marking the same message waits for it, then sees the mark (when it committed)
 * or writes its own (when it rolled back).
 */
public final class JdbcProcessedMessageStore implements ProcessedMessageStore {

	private final JdbcTemplate jdbcTemplate;

	private final String table;

	private final PostgreSqlCheck postgreSql;

	/**
	 * Creates a store.
	 * @param jdbcTemplate the template of the application's {@code DataSource}
	 * @param tablePrefix the table name prefix, such as
	 * {@value ReliableSchema#DEFAULT_TABLE_PREFIX}
	 */
	public JdbcProcessedMessageStore(JdbcTemplate jdbcTemplate, String tablePrefix) {
		Assert.notNull(jdbcTemplate, "JdbcTemplate must not be null");
		this.jdbcTemplate = jdbcTemplate;
		this.table = ReliableSchema.checkTablePrefix(tablePrefix) + "processed";
		this.postgreSql = new PostgreSqlCheck(jdbcTemplate);
	}

	@Override
	public boolean markProcessed(String listenerId, String messageId, long now) {
		String insert = "insert into " + this.table + " (listener_id, message_id, processed_at) values (?, ?, ?)";
		if (this.postgreSql.isPostgreSql()) {
			// A failed statement aborts a PostgreSQL transaction, so the duplicate must
			// not raise an error there.
			return this.jdbcTemplate.update(insert + " on conflict (listener_id, message_id) do nothing", listenerId,
					messageId, now) == 1;
		}
		try {
			this.jdbcTemplate.update(insert, listenerId, messageId, now);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Override
	public void unmark(String listenerId, String messageId) {
		this.jdbcTemplate.update("delete from " + this.table + " where listener_id = ? and message_id = ?", listenerId,
				messageId);
	}

	@Override
	public int purgeOlderThan(long cutoff) {
		return this.jdbcTemplate.update("delete from " + this.table + " where processed_at < ?", cutoff);
	}

	/** Returns {@code true}: marks join the caller's transaction. */
	@Override
	public boolean isTransactional() {
		return true;
	}

}
