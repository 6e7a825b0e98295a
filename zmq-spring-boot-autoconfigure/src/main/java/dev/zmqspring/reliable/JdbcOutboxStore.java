package dev.zmqspring.reliable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import dev.zmqspring.support.HeadersJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * An {@link OutboxStore} in the {@code <prefix>outbox} table of a database (see
 * {@link ReliableSchema}). Every call runs on the connection of the caller's Spring
 * transaction when one is active, so a message saved in a transaction that rolls back is
 * never sent.
 */
public final class JdbcOutboxStore implements OutboxStore {

	/** The most ids in one {@code in (...)} list of {@link #delete(Collection)}. */
	static final int DELETE_BATCH_SIZE = 500;

	private static final String COLUMNS = "message_id, endpoint, headers, payload, created_at, attempts, "
			+ "next_attempt_at";

	private final JdbcTemplate jdbcTemplate;

	private final String table;

	/**
	 * Creates a store.
	 * @param jdbcTemplate the template of the application's {@code DataSource}
	 * @param tablePrefix the table name prefix, such as
	 * {@value ReliableSchema#DEFAULT_TABLE_PREFIX}
	 */
	public JdbcOutboxStore(JdbcTemplate jdbcTemplate, String tablePrefix) {
		Assert.notNull(jdbcTemplate, "JdbcTemplate must not be null");
		this.jdbcTemplate = jdbcTemplate;
		this.table = ReliableSchema.checkTablePrefix(tablePrefix) + "outbox";
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalArgumentException when the headers, written as JSON, are longer than
	 * the column ({@value ReliableSchema#HEADERS_MAX_LENGTH} characters)
	 * @throws org.springframework.dao.DuplicateKeyException when a message with the same
	 * id is stored already
	 */
	@Override
	public void save(OutboxMessage message) {
		String headers = HeadersJson.write(message.headers());
		Assert.isTrue(headers.length() <= ReliableSchema.HEADERS_MAX_LENGTH,
				() -> "The headers of message " + message.messageId() + " to endpoint '" + message.endpoint()
						+ "' take " + headers.length() + " characters as JSON; at most "
						+ ReliableSchema.HEADERS_MAX_LENGTH + " fit in the outbox");
		this.jdbcTemplate.update("insert into " + this.table + " (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
				message.messageId(), message.endpoint(), headers, message.payload(), message.createdAt(),
				message.attempts(), message.nextAttemptAt());
	}

	@Override
	public List<OutboxMessage> findDue(String endpoint, long now, int limit) {
		if (limit <= 0) {
			return Collections.emptyList();
		}
		return Limited.query(this.jdbcTemplate, "select " + COLUMNS + " from " + this.table
				+ " where endpoint = ? and next_attempt_at <= ? order by next_attempt_at, created_at, message_id",
				limit, this::mapMessage, endpoint, now);
	}

	@Override
	public void reschedule(String messageId, int attempts, long nextAttemptAt) {
		this.jdbcTemplate.update("update " + this.table + " set attempts = ?, next_attempt_at = ? where message_id = ?",
				attempts, nextAttemptAt, messageId);
	}

	@Override
	public void delete(Collection<String> messageIds) {
		List<String> ids = new ArrayList<>(messageIds);
		for (int from = 0; from < ids.size(); from += DELETE_BATCH_SIZE) {
			List<String> batch = ids.subList(from, Math.min(from + DELETE_BATCH_SIZE, ids.size()));
			String placeholders = String.join(", ", Collections.nCopies(batch.size(), "?"));
			this.jdbcTemplate.update("delete from " + this.table + " where message_id in (" + placeholders + ")",
					batch.toArray());
		}
	}

	@Override
	public long count(String endpoint) {
		Long count = this.jdbcTemplate.queryForObject("select count(*) from " + this.table + " where endpoint = ?",
				Long.class, endpoint);
		return (count != null) ? count : 0;
	}

	@Override
	public void makeAllDue(String endpoint, long now) {
		// Messages due earlier keep their time, and so their place in the sending order.
		this.jdbcTemplate.update(
				"update " + this.table + " set next_attempt_at = ? where endpoint = ? and next_attempt_at > ?", now,
				endpoint, now);
	}

	private OutboxMessage mapMessage(ResultSet row, int rowNumber) throws SQLException {
		return new OutboxMessage(row.getString("message_id"), row.getString("endpoint"),
				HeadersJson.read(row.getString("headers")), row.getBytes("payload"), row.getLong("created_at"),
				row.getInt("attempts"), row.getLong("next_attempt_at"));
	}

}
