package dev.zmqspring.reliable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.zmqspring.support.HeadersJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
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

	private final PostgreSqlCheck postgreSql;

	private final TransactionTemplate transactions;

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
		this.postgreSql = new PostgreSqlCheck(jdbcTemplate);
		DataSource dataSource = jdbcTemplate.getDataSource();
		Assert.notNull(dataSource, "JdbcTemplate must have a DataSource");
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
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
		// Ordered as the due index is, so that the database walks it and stops at the
		// limit instead of sorting every due row.
		return Limited.query(this.jdbcTemplate,
				"select " + COLUMNS + " from " + this.table
						+ " where endpoint = ? and next_attempt_at <= ? order by endpoint, next_attempt_at",
				limit, this::mapMessage, endpoint, now);
	}

	@Override
	public void reschedule(String messageId, int attempts, long nextAttemptAt) {
		this.jdbcTemplate.update(
				"update " + this.table
						+ " set attempts = ?, next_attempt_at = ? where message_id = ? and attempts <= ?",
				attempts, nextAttemptAt, messageId, attempts);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * In one transaction, which PostgreSQL commits without waiting for the disk: a crash
	 * that loses it sends the messages again (an idempotent receiver discards them).
	 */
	@Override
	public void delete(Collection<String> messageIds) {
		List<String> ids = new ArrayList<>(messageIds);
		inTransaction(() -> {
			this.postgreSql.commitWithoutWaitingForDisk();
			for (int from = 0; from < ids.size(); from += DELETE_BATCH_SIZE) {
				List<String> batch = ids.subList(from, Math.min(from + DELETE_BATCH_SIZE, ids.size()));
				String placeholders = String.join(", ", Collections.nCopies(batch.size(), "?"));
				this.jdbcTemplate.update("delete from " + this.table + " where message_id in (" + placeholders + ")",
						batch.toArray());
			}
			return true;
		});
	}

	@Override
	public long count(String endpoint) {
		Long count = this.jdbcTemplate.queryForObject("select count(*) from " + this.table + " where endpoint = ?",
				Long.class, endpoint);
		return (count != null) ? count : 0;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * On PostgreSQL the due rows are locked as they are read ({@code for update skip
	 * locked}), so instances claiming at once take different messages. Elsewhere each row
	 * is claimed by a conditional update on its attempts, so of instances claiming at
	 * once one wins each message (with a driver that does not report batch update counts,
	 * the row is read back to see whose claim it holds). There, instances that claim at
	 * once contend for the same oldest rows: correct, but they take turns more than they
	 * share.
	 */
	@Override
	public List<OutboxMessage> claimDue(String endpoint, long now, int limit, IntToLongFunction leaseUntil) {
		if (limit <= 0) {
			return Collections.emptyList();
		}
		if (this.postgreSql.isPostgreSql()) {
			return inTransaction(() -> {
				// A claim lost in a crash leaves its rows due: sent again, as allowed.
				this.postgreSql.commitWithoutWaitingForDisk();
				List<OutboxMessage> due = this.jdbcTemplate.query(
						"select " + COLUMNS + " from " + this.table + " where endpoint = ? and next_attempt_at <= ?"
								+ " order by endpoint, next_attempt_at limit ? for update skip locked",
						this::mapMessage, endpoint, now, limit);
				List<OutboxMessage> claimed = due.stream().map((message) -> message.claimed(leaseUntil)).toList();
				this.jdbcTemplate.batchUpdate(
						"update " + this.table + " set attempts = ?, next_attempt_at = ? where message_id = ?", claimed,
						claimed.size(), (statement, message) -> {
							statement.setInt(1, message.attempts());
							statement.setLong(2, message.nextAttemptAt());
							statement.setString(3, message.messageId());
						});
				return claimed;
			});
		}
		List<OutboxMessage> due = findDue(endpoint, now, limit);
		List<OutboxMessage> claimed = due.stream().map((message) -> message.claimed(leaseUntil)).toList();
		// One transaction: one commit for the claim, not one a row.
		int[][] counts = inTransaction(() -> this.jdbcTemplate.batchUpdate("update " + this.table
				+ " set attempts = ?, next_attempt_at = ? where message_id = ? and attempts = ? and next_attempt_at <= ?",
				claimed, claimed.size(), (statement, message) -> {
					statement.setInt(1, message.attempts());
					statement.setLong(2, message.nextAttemptAt());
					statement.setString(3, message.messageId());
					statement.setInt(4, message.attempts() - 1);
					statement.setLong(5, now);
				}));
		List<OutboxMessage> won = new ArrayList<>(claimed.size());
		int row = 0;
		// One array per batch, or per row when the driver cannot batch.
		for (int[] batch : counts) {
			for (int count : batch) {
				OutboxMessage message = claimed.get(row++);
				if (count > 0 || (count == Statement.SUCCESS_NO_INFO && holds(message))) {
					won.add(message);
				}
			}
		}
		return won;
	}

	/**
	 * Whether a row carries this claim, for drivers that do not say how many rows each
	 * update of a batch changed (MariaDB's bulk batches, for example).
	 */
	private boolean holds(OutboxMessage claim) {
		List<Boolean> held = this.jdbcTemplate
			.query("select attempts, next_attempt_at from " + this.table + " where message_id = ?", (result,
					rowNumber) -> result.getInt(1) == claim.attempts() && result.getLong(2) == claim.nextAttemptAt(),
					claim.messageId());
		return !held.isEmpty() && held.get(0);
	}

	/**
	 * Runs in a transaction of its own (only the dispatcher thread claims and deletes,
	 * outside any transaction of the application).
	 */
	private <T> T inTransaction(Supplier<T> work) {
		T result = this.transactions.execute((status) -> work.get());
		Assert.state(result != null, "A store operation returns a value");
		return result;
	}

	private OutboxMessage mapMessage(ResultSet row, int rowNumber) throws SQLException {
		return new OutboxMessage(row.getString("message_id"), row.getString("endpoint"),
				HeadersJson.read(row.getString("headers")), row.getBytes("payload"), row.getLong("created_at"),
				row.getInt("attempts"), row.getLong("next_attempt_at"));
	}

}
