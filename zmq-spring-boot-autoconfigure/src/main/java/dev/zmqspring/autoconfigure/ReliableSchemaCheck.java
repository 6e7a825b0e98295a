package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import dev.zmqspring.reliable.DeadLetterStore;
import dev.zmqspring.reliable.JdbcDeadLetterStore;
import dev.zmqspring.reliable.JdbcOutboxStore;
import dev.zmqspring.reliable.JdbcProcessedMessageStore;
import dev.zmqspring.reliable.OutboxStore;
import dev.zmqspring.reliable.ProcessedMessageStore;
import dev.zmqspring.reliable.ReliableSchema;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;

/**
 * Fails startup, naming the fix, when a table of at-least-once delivery is missing once
 * every bean (and so every database initializer: Flyway, Liquibase, the starter's own) is
 * ready; without it the first message sent or received would fail instead. A database
 * that cannot be reached at startup is only logged: the stores retry on every use.
 */
class ReliableSchemaCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(ReliableSchemaCheck.class);

	private final DataSource dataSource;

	private final ZmqReliableProperties properties;

	private final ObjectProvider<OutboxStore> outboxStore;

	private final ObjectProvider<ProcessedMessageStore> processedStore;

	private final ObjectProvider<DeadLetterStore> deadLetterStore;

	private boolean topicTables;

	ReliableSchemaCheck(DataSource dataSource, ZmqReliableProperties properties,
			ObjectProvider<OutboxStore> outboxStore, ObjectProvider<ProcessedMessageStore> processedStore,
			ObjectProvider<DeadLetterStore> deadLetterStore) {
		this.dataSource = dataSource;
		this.properties = properties;
		this.outboxStore = outboxStore;
		this.processedStore = processedStore;
		this.deadLetterStore = deadLetterStore;
	}

	/** Makes the check include the tables of durable topics. */
	void requireTopicTables() {
		this.topicTables = true;
	}

	@Override
	public void afterSingletonsInstantiated() {
		// Only the tables of the starter's own stores: an application's store of its own
		// keeps its data elsewhere.
		List<String> tables = new ArrayList<>();
		if (this.outboxStore.getIfUnique() instanceof JdbcOutboxStore) {
			tables.add("outbox");
		}
		if (this.processedStore.getIfUnique() instanceof JdbcProcessedMessageStore) {
			tables.add("processed");
		}
		if (this.deadLetterStore.getIfUnique() instanceof JdbcDeadLetterStore) {
			tables.add("dead_letter");
		}
		if (this.topicTables) {
			tables.addAll(ReliableSchema.TOPIC_TABLES);
		}
		if (tables.isEmpty()) {
			return;
		}
		List<String> missing;
		try {
			missing = new ReliableSchema(this.dataSource, this.properties.getTablePrefix()).missingTables(tables);
		}
		catch (DataAccessException ex) {
			logger.warn("Could not check the tables of at-least-once delivery: " + ex.getMessage());
			return;
		}
		if (!missing.isEmpty()) {
			String mode = this.properties.getJdbc().getInitializeSchema().name().toLowerCase(Locale.ROOT);
			throw new IllegalStateException("At-least-once delivery needs the tables " + missing
					+ " in the application's DataSource, and they do not exist (zmq.reliable.jdbc.initialize-schema is "
					+ mode + (mode.equals("embedded") ? ", which creates them only in an embedded database" : "")
					+ "). Set zmq.reliable.jdbc.initialize-schema=always, or create them yourself (Flyway, Liquibase)"
					+ " from the script of your database in the starter's jar, " + ReliableSchema.SCHEMA_LOCATION
					+ " (@@platform@@ one of " + ReliableSchema.PLATFORMS
					+ "), renaming the tables for zmq.reliable.table-prefix '" + this.properties.getTablePrefix()
					+ "'");
		}
	}

}
