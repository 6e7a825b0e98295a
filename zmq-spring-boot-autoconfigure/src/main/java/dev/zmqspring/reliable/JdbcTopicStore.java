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
		// One transaction (the caller's when there is one): the message and its entries
		// for the groups are stored together or not at all.
		inTransaction(() -> {
			this.jdbcTemplate.update("insert into " + this.messages
					+ " (message_id, endpoint, topic, headers, payload, seq, created_at) values (?, ?, ?, ?, ?, ?, ?)",
					message.messageId(), message.endpoint(), message.topic(), headers, message.payload(), message.seq(),
					message.createdAt());
			List<String> targets = List.copyOf(groupNames);
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
		if (limit <= 0) {
			return Collections.emptyList();
		}
		String due = "select " + DELIVERY_COLUMNS + " from " + this.deliveries + " d join " + this.messages
				+ " m on m.message_id = d.message_id where d.endpoint = ? and d.group_name = ? and d.next_attempt_at <= ?"
				+ " order by d.seq, d.message_id";
		if (this.postgreSql.isPostgreSql()) {
			return inTransaction(() -> {
				List<TopicDelivery> claimed = this.jdbcTemplate.query(due + " limit ? for update of d skip locked",
						this::mapClaimed, endpoint, group, now, limit);
				this.jdbcTemplate.batchUpdate(
						"update " + this.deliveries + " set attempts = ?, next_attempt_at = ?"
								+ " where endpoint = ? and group_name = ? and message_id = ?",
						claimed, claimed.size(), (statement, delivery) -> {
							statement.setInt(1, delivery.attempt());
							statement.setLong(2, leaseUntil);
							statement.setString(3, endpoint);
							statement.setString(4, group);
							statement.setString(5, delivery.message().messageId());
						});
				return claimed;
			});
		}
		List<TopicDelivery> candidates = Limited.query(this.jdbcTemplate, due, limit, this::mapClaimed, endpoint, group,
				now);
		// Conditions on the key and the attempts only: a claim raises the attempts, so
		// another claim since makes this one miss; and with no condition on
		// next_attempt_at, the database looks the row up by its key (H2 otherwise walks
		// the
		// due index, every due row for every update).
		int[][] counts = this.jdbcTemplate.batchUpdate("update " + this.deliveries
				+ " set attempts = ?, next_attempt_at = ? where endpoint = ? and group_name = ? and message_id = ?"
				+ " and attempts = ?", candidates, candidates.size(), (statement, delivery) -> {
					statement.setInt(1, delivery.attempt());
					statement.setLong(2, leaseUntil);
					statement.setString(3, endpoint);
					statement.setString(4, group);
					statement.setString(5, delivery.message().messageId());
					statement.setInt(6, delivery.attempt() - 1);
				});
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

	/** Whether a delivery row carries this claim (drivers without batch counts). */
	private boolean holds(String endpoint, String group, TopicDelivery claim, long leaseUntil) {
		List<Boolean> held = this.jdbcTemplate.query(
				"select attempts, next_attempt_at from " + this.deliveries
						+ " where endpoint = ? and group_name = ? and message_id = ?",
				(row, number) -> row.getInt(1) == claim.attempt() && row.getLong(2) == leaseUntil, endpoint, group,
				claim.message().messageId());
		return !held.isEmpty() && held.get(0);
	}

	@Override
	public void acknowledge(String endpoint, String group, Map<String, Integer> attempts) {
		List<String> any = new ArrayList<>();
		List<Map.Entry<String, Integer>> exact = new ArrayList<>();
		attempts.forEach((id, attempt) -> {
			if (attempt == 0) {
				any.add(id);
			}
			else {
				exact.add(Map.entry(id, attempt));
			}
		});
		forEachBatch(any,
				(placeholders,
						ids) -> this.jdbcTemplate.update("delete from " + this.deliveries
								+ " where endpoint = ? and group_name = ? and message_id in (" + placeholders + ")",
								arguments(endpoint, group, ids)));
		this.jdbcTemplate.batchUpdate(
				"delete from " + this.deliveries
						+ " where endpoint = ? and group_name = ? and message_id = ? and attempts = ?",
				exact, exact.size(), (statement, entry) -> {
					statement.setString(1, endpoint);
					statement.setString(2, group);
					statement.setString(3, entry.getKey());
					statement.setInt(4, entry.getValue());
				});
	}

	@Override
	public void release(String endpoint, String group, Map<String, Integer> attempts, long nextAttemptAt) {
		List<Map.Entry<String, Integer>> failed = new ArrayList<>(attempts.entrySet());
		this.jdbcTemplate.batchUpdate(
				"update " + this.deliveries + " set next_attempt_at = ? where endpoint = ? and group_name = ?"
						+ " and message_id = ? and (attempts = ? or ? = 0)",
				failed, failed.size(), (statement, entry) -> {
					statement.setLong(1, nextAttemptAt);
					statement.setString(2, endpoint);
					statement.setString(3, group);
					statement.setString(4, entry.getKey());
					statement.setInt(5, entry.getValue());
					statement.setInt(6, entry.getValue());
				});
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
		TopicMessage message = new TopicMessage(row.getString("message_id"), row.getString("endpoint"),
				row.getString("topic"), HeadersJson.read(row.getString("headers")), row.getBytes("payload"),
				row.getLong("seq"), row.getLong("created_at"));
		return new TopicDelivery(message, row.getInt("attempts") + 1);
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
