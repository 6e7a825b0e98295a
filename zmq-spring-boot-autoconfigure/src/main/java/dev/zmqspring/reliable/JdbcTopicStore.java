package dev.zmqspring.reliable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.zmqspring.support.HeadersJson;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * A {@link TopicStore} in the {@code <prefix>topic_message},
 * {@code <prefix>topic_delivery} and {@code <prefix>topic_group} tables of a database
 * (see {@link ReliableSchema}). A message is one row of {@code topic_message}; each group
 * that has still to acknowledge it has one small row of {@code topic_delivery}.
 * {@link #publish} runs on the connection of the caller's Spring transaction when one is
 * active, so a message published in a transaction that rolls back is never delivered.
 */
public final class JdbcTopicStore implements TopicStore {

	private static final String DELIVERY_COLUMNS = "d.message_id, d.attempts, m.endpoint, m.topic, m.headers, "
			+ "m.payload, m.seq, m.created_at";

	private final JdbcTemplate jdbcTemplate;

	private final String messages;

	private final String deliveries;

	private final String groups;

	private final PostgreSqlCheck postgreSql;

	private final TransactionTemplate transactions;

	private final TransactionTemplate newTransactions;

	private final PostgreSqlStatistics statistics;

	/**
	 * Creates a store.
	 * @param jdbcTemplate the template of the application's {@code DataSource}
	 * @param tablePrefix the table name prefix, such as
	 * {@value ReliableSchema#DEFAULT_TABLE_PREFIX}
	 */
	public JdbcTopicStore(JdbcTemplate jdbcTemplate, String tablePrefix) {
		Assert.notNull(jdbcTemplate, "JdbcTemplate must not be null");
		this.jdbcTemplate = jdbcTemplate;
		String prefix = ReliableSchema.checkTablePrefix(tablePrefix);
		this.messages = prefix + "topic_message";
		this.deliveries = prefix + "topic_delivery";
		this.groups = prefix + "topic_group";
		this.postgreSql = new PostgreSqlCheck(jdbcTemplate);
		DataSource dataSource = jdbcTemplate.getDataSource();
		Assert.notNull(dataSource, "JdbcTemplate must have a DataSource");
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
		this.newTransactions = new TransactionTemplate(transactionManager);
		this.newTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.statistics = new PostgreSqlStatistics(jdbcTemplate, List.of(this.deliveries, this.messages));
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalArgumentException when the headers, written as JSON, are longer than
	 * the column ({@value ReliableSchema#HEADERS_MAX_LENGTH} characters)
	 */
	@Override
	public void publish(TopicMessage message, Collection<String> groupNames) {
		String headers = HeadersJson.write(message.headers());
		Assert.isTrue(headers.length() <= ReliableSchema.HEADERS_MAX_LENGTH,
				() -> "The headers of message " + message.messageId() + " to endpoint '" + message.endpoint()
						+ "' take " + headers.length() + " characters as JSON; at most "
						+ ReliableSchema.HEADERS_MAX_LENGTH + " fit in the topic store");
		List<String> targets = List.copyOf(groupNames);
		if (this.postgreSql.isPostgreSql()) {
			publishInOneStatement(message, headers, targets);
			return;
		}
		// One transaction (the caller's when there is one): the message and its entries
		// for the groups are stored together or not at all.
		inTransaction(() -> {
			this.jdbcTemplate.update("insert into " + this.messages
					+ " (message_id, endpoint, topic, headers, payload, seq, created_at) values (?, ?, ?, ?, ?, ?, ?)",
					message.messageId(), message.endpoint(), message.topic(), headers, message.payload(), message.seq(),
					message.createdAt());
			if (!targets.isEmpty()) {
				this.jdbcTemplate.batchUpdate("insert into " + this.deliveries
						+ " (endpoint, group_name, message_id, seq, attempts, next_attempt_at) values (?, ?, ?, ?, 0, ?)",
						targets, targets.size(), (statement, group) -> {
							statement.setString(1, message.endpoint());
							statement.setString(2, group);
							statement.setString(3, message.messageId());
							statement.setLong(4, message.seq());
							statement.setLong(5, message.createdAt());
						});
			}
			return true;
		});
	}

	/**
	 * Stores the message and its entries for the groups with one statement (PostgreSQL's
	 * data-modifying {@code with}): atomic on its own, so without a transaction of the
	 * caller a publication costs one round trip to the database, commit included, where a
	 * transaction of its own costs three.
	 */
	private void publishInOneStatement(TopicMessage message, String headers, List<String> targets) {
		String insertMessage = "insert into " + this.messages
				+ " (message_id, endpoint, topic, headers, payload, seq, created_at) values (?, ?, ?, ?, ?, ?, ?)";
		List<Object> arguments = new ArrayList<>(List.of(message.messageId(), message.endpoint(), message.topic(),
				headers, message.payload(), message.seq(), message.createdAt()));
		if (targets.isEmpty()) {
			this.jdbcTemplate.update(insertMessage, arguments.toArray());
			return;
		}
		arguments.addAll(List.of(message.endpoint(), message.messageId(), message.seq(), message.createdAt()));
		arguments.addAll(targets);
		this.jdbcTemplate.update(
				"with stored as (" + insertMessage + ") insert into " + this.deliveries
						+ " (endpoint, group_name, message_id, seq, attempts, next_attempt_at)"
						+ " select cast(? as varchar), taker.group_name, cast(? as varchar), cast(? as bigint), 0,"
						+ " cast(? as bigint) from (values "
						+ String.join(", ", Collections.nCopies(targets.size(), "(?)")) + ") as taker (group_name)",
				arguments.toArray());
	}

	@Override
	public List<TopicGroup> groups(String endpoint) {
		return this.jdbcTemplate.query(
				"select group_name, topics, created_at from " + this.groups + " where endpoint = ? order by created_at",
				(row, number) -> new TopicGroup(row.getString(1), topics(row.getString(2)), row.getLong(3)), endpoint);
	}

	@Override
	public boolean addGroup(String endpoint, TopicGroup group, long keepSince) {
		try {
			return inNewTransaction(() -> {
				if (!this.jdbcTemplate
					.queryForList("select group_name from " + this.groups + " where endpoint = ? and group_name = ?",
							String.class, endpoint, group.name())
					.isEmpty()) {
					return false;
				}
				this.jdbcTemplate.update(
						"insert into " + this.groups
								+ " (endpoint, group_name, topics, created_at) values (?, ?, ?, ?)",
						endpoint, group.name(), topicsColumn(group.topics()), group.createdAt());
				copyRetained(endpoint, group, keepSince);
				return true;
			});
		}
		catch (DuplicateKeyException ex) {
			// Another instance added it meanwhile (or a publication kept a message for it
			// while this one copied): it exists, or the next fetch adds it.
			return false;
		}
	}

	@Override
	public boolean removeGroup(String endpoint, String group) {
		return inTransaction(() -> {
			this.jdbcTemplate.update("delete from " + this.deliveries + " where endpoint = ? and group_name = ?",
					endpoint, group);
			return this.jdbcTemplate.update("delete from " + this.groups + " where endpoint = ? and group_name = ?",
					endpoint, group) > 0;
		});
	}

	@Override
	public void updateTopics(String endpoint, String group, List<String> topics) {
		this.jdbcTemplate.update("update " + this.groups + " set topics = ? where endpoint = ? and group_name = ?",
				topicsColumn(topics), endpoint, group);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * On PostgreSQL the due rows are locked as they are read ({@code for update skip
	 * locked}), so members fetching at once take different messages. Elsewhere each row
	 * is claimed by a conditional update on its attempts: of members fetching at once,
	 * one gets each message.
	 */
	@Override
	public List<TopicDelivery> claim(String endpoint, String group, long now, int limit, long leaseUntil) {
		return claim(endpoint, group, now, limit, leaseUntil, Long.MIN_VALUE);
	}

	@Override
	public List<TopicDelivery> claim(String endpoint, String group, long now, int limit, long leaseUntil,
			long fromSeq) {
		if (limit <= 0) {
			return Collections.emptyList();
		}
		String due = "select " + DELIVERY_COLUMNS + " from " + this.deliveries + " d join " + this.messages
				+ " m on m.message_id = d.message_id where d.endpoint = ? and d.group_name = ? and d.seq >= ?"
				+ " and d.next_attempt_at <= ?"
				// Ordered as the seq index is, so that the database walks it and stops at
				// the limit (H2 sorts every due row for "order by d.seq" alone).
				+ " order by d.endpoint, d.group_name, d.seq";
		if (this.postgreSql.isPostgreSql()) {
			List<TopicDelivery> claimed = inRedeliveringTransaction(
					() -> claimOnPostgreSql(endpoint, group, now, limit, leaseUntil, fromSeq));
			if (!claimed.isEmpty()) {
				this.statistics.refresh();
			}
			return claimed;
		}
		List<TopicDelivery> candidates = Limited.query(this.jdbcTemplate, due, limit, this::mapClaimed, endpoint, group,
				fromSeq, now);
		// Conditions on the key and the attempts only: a claim raises the attempts, so
		// another claim since makes this one miss; and the database looks the row up by
		// its key. One transaction: one commit for the batch, not one a row.
		int[][] counts = inTransaction(() -> this.jdbcTemplate.batchUpdate("update " + this.deliveries
				+ " set attempts = ?, next_attempt_at = ? where endpoint = ? and group_name = ? and message_id = ?"
				+ " and attempts = ?", candidates, candidates.size(), (statement, delivery) -> {
					statement.setInt(1, delivery.attempt());
					statement.setLong(2, leaseUntil);
					statement.setString(3, endpoint);
					statement.setString(4, group);
					statement.setString(5, delivery.message().messageId());
					statement.setInt(6, delivery.attempt() - 1);
				}));
		List<TopicDelivery> won = new ArrayList<>(candidates.size());
		int row = 0;
		for (int[] batch : counts) {
			for (int count : batch) {
				TopicDelivery delivery = candidates.get(row++);
				if (count > 0 || (count == Statement.SUCCESS_NO_INFO && holds(endpoint, group, delivery, leaseUntil))) {
					won.add(delivery);
				}
			}
		}
		return won;
	}

	/**
	 * Claims with one statement whatever their number: the due rows are read from the
	 * group's seq index and locked, updated by their physical address (a TID scan,
	 * whatever the planner knows of the table: a queue table's statistics are often of
	 * when it was empty, and a lookup by key may then walk the group's index instead),
	 * and the rows the update changed are returned with their messages, looked up by key
	 * (as {@link PostgreSqlCheck#commitWithoutWaitingForDiskByKey()} plans it). Only
	 * those: a row that another transaction changed after this statement began is locked
	 * in its new version, which the update does not see. In the caller's transaction.
	 */
	private List<TopicDelivery> claimOnPostgreSql(String endpoint, String group, long now, int limit, long leaseUntil,
			long fromSeq) {
		return this.jdbcTemplate.query("with due as (select d.ctid as row_id from " + this.deliveries
				+ " d where d.endpoint = ? and d.group_name = ? and d.seq >= ? and d.next_attempt_at <= ?"
				+ " order by d.endpoint, d.group_name, d.seq limit ? for update skip locked), claimed as (update "
				+ this.deliveries + " set attempts = attempts + 1, next_attempt_at = ?"
				+ " where ctid = any (array (select row_id from due)) returning message_id, attempts)"
				+ " select m.message_id, claimed.attempts - 1 as attempts, m.endpoint, m.topic, m.headers, m.payload,"
				+ " m.seq, m.created_at from claimed join " + this.messages
				+ " m on m.message_id = claimed.message_id order by m.seq", this::mapClaimed, endpoint, group, fromSeq,
				now, limit, leaseUntil);
	}

	/** Whether a delivery row carries this claim (drivers without batch counts). */
	private boolean holds(String endpoint, String group, TopicDelivery claim, long leaseUntil) {
		List<Boolean> held = this.jdbcTemplate.query(
				"select attempts, next_attempt_at from " + this.deliveries
						+ " where endpoint = ? and group_name = ? and message_id = ?",
				(row, number) -> row.getInt(1) == claim.attempt() && row.getLong(2) == leaseUntil, endpoint, group,
				claim.message().messageId());
		return !held.isEmpty() && held.get(0);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * In one transaction, so that a batch of acknowledgements costs one commit.
	 */
	@Override
	public void acknowledge(String endpoint, String group, Map<String, Integer> attempts) {
		inRedeliveringTransaction(() -> {
			deleteAcknowledged(endpoint, group, attempts);
			return true;
		});
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * On PostgreSQL in one transaction, so that a fetch costs one commit (its claim skips
	 * the rows others hold). Elsewhere the acknowledgements commit first: a claim that
	 * waited for rows another instance deleted, while that instance waited for the rows
	 * this one deleted, would deadlock on databases whose reads take locks.
	 */
	@Override
	public List<TopicDelivery> acknowledgeAndClaim(String endpoint, String group, Map<String, Integer> acknowledged,
			long now, int limit, long leaseUntil, long fromSeq) {
		if (acknowledged.isEmpty() || limit <= 0 || !this.postgreSql.isPostgreSql()) {
			return TopicStore.super.acknowledgeAndClaim(endpoint, group, acknowledged, now, limit, leaseUntil, fromSeq);
		}
		List<TopicDelivery> claimed = inRedeliveringTransaction(() -> {
			deleteAcknowledged(endpoint, group, acknowledged);
			return claimOnPostgreSql(endpoint, group, now, limit, leaseUntil, fromSeq);
		});
		if (!claimed.isEmpty()) {
			this.statistics.refresh();
		}
		return claimed;
	}

	/**
	 * Deletes the acknowledged deliveries: on PostgreSQL with one statement per attempt
	 * (a batch's deliveries mostly share theirs), each naming up to
	 * {@value JdbcOutboxStore#DELETE_BATCH_SIZE} ids; elsewhere with a statement a row by
	 * the whole key, which every database looks up by the primary key (H2 uses only the
	 * key's first columns for "message_id in (...)", and walks the group's rows).
	 */
	private void deleteAcknowledged(String endpoint, String group, Map<String, Integer> attempts) {
		if (!this.postgreSql.isPostgreSql()) {
			List<Map.Entry<String, Integer>> acknowledged = new ArrayList<>(attempts.entrySet());
			this.jdbcTemplate.batchUpdate(
					"delete from " + this.deliveries
							+ " where endpoint = ? and group_name = ? and message_id = ? and (attempts = ? or ? = 0)",
					acknowledged, acknowledged.size(), (statement, entry) -> {
						statement.setString(1, endpoint);
						statement.setString(2, group);
						statement.setString(3, entry.getKey());
						statement.setInt(4, entry.getValue());
						statement.setInt(5, entry.getValue());
					});
			return;
		}
		Map<Integer, List<String>> byAttempt = new TreeMap<>();
		attempts.forEach((id, attempt) -> byAttempt.computeIfAbsent(attempt, (key) -> new ArrayList<>()).add(id));
		byAttempt.forEach((attempt, ids) -> {
			// 0: whatever the attempt (an acknowledgement of a member of an earlier
			// version).
			forEachBatch(ids, (placeholders, batch) -> {
				List<Object> arguments = new ArrayList<>(List.of(arguments(endpoint, group, batch)));
				if (attempt != 0) {
					arguments.add(attempt);
				}
				this.jdbcTemplate.update("delete from " + this.deliveries + " where endpoint = ? and group_name = ?"
						+ " and message_id in (" + placeholders + ")" + ((attempt != 0) ? " and attempts = ?" : ""),
						arguments.toArray());
			});
		});
	}

	@Override
	public void release(String endpoint, String group, Map<String, Integer> attempts, long nextAttemptAt) {
		List<Map.Entry<String, Integer>> failed = new ArrayList<>(attempts.entrySet());
		inTransaction(() -> this.jdbcTemplate.batchUpdate(
				"update " + this.deliveries + " set next_attempt_at = ? where endpoint = ? and group_name = ?"
						+ " and message_id = ? and (attempts = ? or ? = 0)",
				failed, failed.size(), (statement, entry) -> {
					statement.setLong(1, nextAttemptAt);
					statement.setString(2, endpoint);
					statement.setString(3, group);
					statement.setString(4, entry.getKey());
					statement.setInt(5, entry.getValue());
					statement.setInt(6, entry.getValue());
				}));
	}

	@Override
	public long reset(String endpoint, String group, boolean toEarliest) {
		return inTransaction(() -> {
			this.jdbcTemplate.update("delete from " + this.deliveries + " where endpoint = ? and group_name = ?",
					endpoint, group);
			if (toEarliest) {
				groups(endpoint).stream()
					.filter((known) -> known.name().equals(group))
					.findFirst()
					.ifPresent((known) -> copyRetained(endpoint, known, 0));
			}
			Long pending = this.jdbcTemplate.queryForObject(
					"select count(*) from " + this.deliveries + " where endpoint = ? and group_name = ?", Long.class,
					endpoint, group);
			return (pending != null) ? pending : 0L;
		});
	}

	@Override
	public GroupBacklog backlog(String endpoint, String group, long now) {
		return this.jdbcTemplate
			.query("select count(*), coalesce(sum(case when d.attempts > 0 and d.next_attempt_at > ?"
					+ " then 1 else 0 end), 0), coalesce(min(m.created_at), 0), coalesce(min(d.seq), 0) from "
					+ this.deliveries + " d join " + this.messages + " m on m.message_id = d.message_id"
					+ " where d.endpoint = ? and d.group_name = ?", (row) -> {
						row.next();
						return new GroupBacklog(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
					}, now, endpoint, group);
	}

	@Override
	public Map<String, Long> expire(String endpoint, long publishedBefore, long maxPerTopic) {
		return inTransaction(() -> {
			this.jdbcTemplate.update("delete from " + this.messages + " where endpoint = ? and created_at < ?",
					endpoint, publishedBefore);
			if (maxPerTopic > 0) {
				expireBeyond(endpoint, maxPerTopic);
			}
			String orphans = " from " + this.deliveries + " d where d.endpoint = ? and not exists (select 1 from "
					+ this.messages + " m where m.message_id = d.message_id)";
			Map<String, Long> lost = new LinkedHashMap<>();
			this.jdbcTemplate.query("select d.group_name, count(*)" + orphans + " group by d.group_name", (row) -> {
				lost.put(row.getString(1), row.getLong(2));
			}, endpoint);
			if (!lost.isEmpty()) {
				this.jdbcTemplate.update(
						"delete from " + this.deliveries + " where endpoint = ? and not exists" + " (select 1 from "
								+ this.messages + " m where m.message_id = " + this.deliveries + ".message_id)",
						endpoint);
			}
			return lost;
		});
	}

	/** Removes the messages of each topic beyond its newest {@code maxPerTopic}. */
	private void expireBeyond(String endpoint, long maxPerTopic) {
		List<String> crowded = this.jdbcTemplate.queryForList(
				"select topic from " + this.messages + " where endpoint = ? group by topic having count(*) > ?",
				String.class, endpoint, maxPerTopic);
		for (String topic : crowded) {
			int keep = (int) Math.min(Integer.MAX_VALUE - 1, maxPerTopic);
			List<Long> newest = Limited.query(this.jdbcTemplate,
					"select seq from " + this.messages + " where endpoint = ? and topic = ? order by seq desc", keep,
					(row, number) -> row.getLong(1), endpoint, topic);
			if (newest.size() == keep) {
				this.jdbcTemplate.update(
						"delete from " + this.messages + " where endpoint = ? and topic = ? and seq < ?", endpoint,
						topic, newest.get(keep - 1));
			}
		}
	}

	/** Keeps every retained message of the group's topics for it. */
	private void copyRetained(String endpoint, TopicGroup group, long keepSince) {
		Set<String> kept = new HashSet<>(this.jdbcTemplate.queryForList(
				"select message_id from " + this.deliveries + " where endpoint = ? and group_name = ?", String.class,
				endpoint, group.name()));
		List<Object[]> retained = new ArrayList<>();
		this.jdbcTemplate.query(
				"select message_id, topic, seq from " + this.messages + " where endpoint = ? and created_at >= ?",
				(row) -> {
					if (group.takes(row.getString(2)) && !kept.contains(row.getString(1))) {
						retained.add(new Object[] { endpoint, group.name(), row.getString(1), row.getLong(3) });
					}
				}, endpoint, keepSince);
		this.jdbcTemplate.batchUpdate("insert into " + this.deliveries
				+ " (endpoint, group_name, message_id, seq, attempts, next_attempt_at) values (?, ?, ?, ?, 0, 0)",
				retained);
	}

	private TopicDelivery mapClaimed(ResultSet row, int rowNumber) throws SQLException {
		return new TopicDelivery(message(row), row.getInt("attempts") + 1);
	}

	private static TopicMessage message(ResultSet row) throws SQLException {
		return new TopicMessage(row.getString("message_id"), row.getString("endpoint"), row.getString("topic"),
				HeadersJson.read(row.getString("headers")), row.getBytes("payload"), row.getLong("seq"),
				row.getLong("created_at"));
	}

	/**
	 * Runs a claim or an acknowledgement in a transaction that PostgreSQL does not wait
	 * to write to disk ({@code synchronous_commit} off for it alone): a crash may lose it
	 * (its last few hundred milliseconds), and what it loses is delivered again, which
	 * at-least-once delivery allows (an idempotent listener discards it). Elsewhere a
	 * transaction like any other.
	 */
	private <T> T inRedeliveringTransaction(Supplier<T> work) {
		T result = this.transactions.execute((status) -> {
			if (status.isNewTransaction()) {
				// Never in a caller's transaction: its commit waits for the disk, and its
				// statements are planned as usual.
				this.postgreSql.commitWithoutWaitingForDiskByKey();
			}
			return work.get();
		});
		Assert.state(result != null, "A store operation returns a value");
		return result;
	}

	private <T> T inTransaction(Supplier<T> work) {
		T result = this.transactions.execute((status) -> work.get());
		Assert.state(result != null, "A store operation returns a value");
		return result;
	}

	/**
	 * Runs in a transaction of its own, never the caller's (which it may be called in).
	 */
	private <T> T inNewTransaction(Supplier<T> work) {
		T result = this.newTransactions.execute((status) -> work.get());
		Assert.state(result != null, "A store operation returns a value");
		return result;
	}

	private static void forEachBatch(Collection<String> ids, BiConsumer<String, List<String>> each) {
		List<String> all = List.copyOf(ids);
		for (int from = 0; from < all.size(); from += JdbcOutboxStore.DELETE_BATCH_SIZE) {
			List<String> batch = all.subList(from, Math.min(from + JdbcOutboxStore.DELETE_BATCH_SIZE, all.size()));
			each.accept(String.join(", ", Collections.nCopies(batch.size(), "?")), batch);
		}
	}

	private static Object[] arguments(String endpoint, String group, List<String> ids) {
		List<Object> arguments = new ArrayList<>(ids.size() + 2);
		arguments.add(endpoint);
		arguments.add(group);
		arguments.addAll(ids);
		return arguments.toArray();
	}

	/** The topics of a group as one column: a JSON object of their positions. */
	private static String topicsColumn(List<String> topics) {
		Map<String, String> numbered = new LinkedHashMap<>();
		for (int i = 0; i < topics.size(); i++) {
			numbered.put(Integer.toString(i), topics.get(i));
		}
		return HeadersJson.write(numbered);
	}

	private static List<String> topics(String column) {
		return List.copyOf(HeadersJson.read(column).values());
	}

}
