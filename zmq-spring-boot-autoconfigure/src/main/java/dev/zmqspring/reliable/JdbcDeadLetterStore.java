package dev.zmqspring.reliable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import dev.zmqspring.support.HeadersJson;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * A {@link DeadLetterStore} in the {@code <prefix>dead_letter} table of a database (see
 * {@link ReliableSchema}). Errors longer than the column
 * ({@value ReliableSchema#ERROR_MAX_LENGTH} characters) are cut to fit.
 */
public final class JdbcDeadLetterStore implements DeadLetterStore {

	private static final String COLUMNS = "listener_id, message_id, headers, payload, error, attempts, failed_at";

	private final JdbcTemplate jdbcTemplate;

	private final String table;

	private final PostgreSqlCheck postgreSql;

	/**
	 * Creates a store.
	 * @param jdbcTemplate the template of the application's {@code DataSource}
	 * @param tablePrefix the table name prefix, such as
	 * {@value ReliableSchema#DEFAULT_TABLE_PREFIX}
	 */
	public JdbcDeadLetterStore(JdbcTemplate jdbcTemplate, String tablePrefix) {
		Assert.notNull(jdbcTemplate, "JdbcTemplate must not be null");
		this.jdbcTemplate = jdbcTemplate;
		this.table = ReliableSchema.checkTablePrefix(tablePrefix) + "dead_letter";
		this.postgreSql = new PostgreSqlCheck(jdbcTemplate);
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalArgumentException when the headers, written as JSON, are longer than
	 * the column ({@value ReliableSchema#HEADERS_MAX_LENGTH} characters)
	 */
	@Override
	public void save(DeadLetter deadLetter) {
		String headers = HeadersJson.write(deadLetter.headers());
		Assert.isTrue(headers.length() <= ReliableSchema.HEADERS_MAX_LENGTH,
				() -> "The headers of dead letter " + deadLetter.messageId() + " of listener '"
						+ deadLetter.listenerId() + "' take " + headers.length() + " characters as JSON; at most "
						+ ReliableSchema.HEADERS_MAX_LENGTH + " fit");
		String error = truncate(deadLetter.error());
		if (this.postgreSql.isPostgreSql()) {
			// A failed statement aborts a PostgreSQL transaction, so replace without
			// provoking a duplicate key.
			this.jdbcTemplate.update(
					"insert into " + this.table + " (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)"
							+ " on conflict (listener_id, message_id) do update set headers = excluded.headers,"
							+ " payload = excluded.payload, error = excluded.error, attempts = excluded.attempts,"
							+ " failed_at = excluded.failed_at",
					deadLetter.listenerId(), deadLetter.messageId(), headers, deadLetter.payload(), error,
					deadLetter.attempts(), deadLetter.failedAt());
			return;
		}
		if (update(deadLetter, headers, error) == 0) {
			try {
				this.jdbcTemplate.update(
						"insert into " + this.table + " (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
						deadLetter.listenerId(), deadLetter.messageId(), headers, deadLetter.payload(), error,
						deadLetter.attempts(), deadLetter.failedAt());
			}
			catch (DuplicateKeyException ex) {
				// Another thread inserted the same dead letter in between: replace its
				// row.
				update(deadLetter, headers, error);
			}
		}
	}

	private int update(DeadLetter deadLetter, String headers, @Nullable String error) {
		return this.jdbcTemplate.update(
				"update " + this.table + " set headers = ?, payload = ?, error = ?,"
						+ " attempts = ?, failed_at = ? where listener_id = ? and message_id = ?",
				headers, deadLetter.payload(), error, deadLetter.attempts(), deadLetter.failedAt(),
				deadLetter.listenerId(), deadLetter.messageId());
	}

	@Override
	public List<DeadLetter> list(@Nullable String listenerId, int limit) {
		if (limit <= 0) {
			return Collections.emptyList();
		}
		String order = " order by failed_at, listener_id, message_id";
		if (listenerId == null) {
			return Limited.query(this.jdbcTemplate, "select " + COLUMNS + " from " + this.table + order, limit,
					this::mapDeadLetter);
		}
		return Limited.query(this.jdbcTemplate,
				"select " + COLUMNS + " from " + this.table + " where listener_id = ?" + order, limit,
				this::mapDeadLetter, listenerId);
	}

	@Override
	public Optional<DeadLetter> find(String listenerId, String messageId) {
		List<DeadLetter> found = this.jdbcTemplate.query(
				"select " + COLUMNS + " from " + this.table + " where listener_id = ? and message_id = ?",
				this::mapDeadLetter, listenerId, messageId);
		return found.stream().findFirst();
	}

	@Override
	public boolean delete(String listenerId, String messageId) {
		return this.jdbcTemplate.update("delete from " + this.table + " where listener_id = ? and message_id = ?",
				listenerId, messageId) > 0;
	}

	@Override
	public long count() {
		Long count = this.jdbcTemplate.queryForObject("select count(*) from " + this.table, Long.class);
		return (count != null) ? count : 0;
	}

	private DeadLetter mapDeadLetter(ResultSet row, int rowNumber) throws SQLException {
		String headers = row.getString("headers");
		return new DeadLetter(row.getString("listener_id"), row.getString("message_id"),
				(headers != null) ? HeadersJson.read(headers) : Collections.emptyMap(), row.getBytes("payload"),
				row.getString("error"), row.getInt("attempts"), row.getLong("failed_at"));
	}

	private static @Nullable String truncate(@Nullable String error) {
		if (error == null || error.length() <= ReliableSchema.ERROR_MAX_LENGTH) {
			return error;
		}
		int end = ReliableSchema.ERROR_MAX_LENGTH;
		if (Character.isHighSurrogate(error.charAt(end - 1))) {
			end--;
		}
		return error.substring(0, end);
	}

}
