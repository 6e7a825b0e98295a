package dev.zmqspring.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * At-least-once delivery ({@code delivery: at-least-once} endpoints).
 */
public class ZmqReliableProperties {

	/**
	 * How long the sender waits for an acknowledgement before it sends a message again.
	 */
	private Duration ackTimeout = Duration.ofSeconds(5);

	/**
	 * Wait before the first re-send after a message was not acknowledged.
	 */
	private Duration initialBackoff = Duration.ofMillis(200);

	/**
	 * Factor by which each further wait between re-sends grows.
	 */
	private double backoffMultiplier = 2.0;

	/**
	 * Longest wait between re-sends.
	 */
	private Duration maxBackoff = Duration.ofSeconds(30);

	/**
	 * Maximum number of unacknowledged messages an endpoint has on the wire at once; the
	 * send window, which starts at 32, grows up to it while the receiver keeps up.
	 */
	private int maxInFlight = 1000;

	/**
	 * How often the outbox is checked for due messages when nothing wakes it.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * How many times a listener may fail on one message before it is moved to the
	 * dead-letter store.
	 */
	private int maxAttempts = 5;

	/**
	 * How long processed message ids are remembered to discard redeliveries. Keep it
	 * longer than a sender can take to re-send (its outbox retention).
	 */
	private Duration processedRetention = Duration.ofDays(7);

	/**
	 * The most messages an at-least-once listener processes in one transaction, when the
	 * application has a transaction manager (and, for an idempotent listener, its
	 * processed ids are in the database): one commit for the messages that have arrived
	 * together, instead of one each, and no more than about 50 ms of the listener's work.
	 * A failure rolls the batch back and its messages are processed again one transaction
	 * each. 1 gives every message a transaction of its own. Default 100.
	 */
	private int transactionBatchSize = 100;

	/**
	 * Prefix of the table names (zmq_outbox, zmq_processed and zmq_dead_letter by
	 * default): letters, digits and underscores.
	 */
	private String tablePrefix = "zmq_";

	/**
	 * The tables of the outbox, processed messages and dead letters in the application's
	 * DataSource.
	 */
	private final Jdbc jdbc = new Jdbc();

	public Duration getAckTimeout() {
		return this.ackTimeout;
	}

	public void setAckTimeout(Duration ackTimeout) {
		this.ackTimeout = PropertyChecks.requirePositive(ackTimeout, "zmq.reliable.ack-timeout");
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = PropertyChecks.requireNotNegative(initialBackoff, "zmq.reliable.initial-backoff");
	}

	public double getBackoffMultiplier() {
		return this.backoffMultiplier;
	}

	public void setBackoffMultiplier(double backoffMultiplier) {
		if (backoffMultiplier < 1.0) {
			throw new IllegalArgumentException(
					"zmq.reliable.backoff-multiplier must be at least 1, was " + backoffMultiplier);
		}
		this.backoffMultiplier = backoffMultiplier;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = PropertyChecks.requireNotNegative(maxBackoff, "zmq.reliable.max-backoff");
	}

	public int getMaxInFlight() {
		return this.maxInFlight;
	}

	public void setMaxInFlight(int maxInFlight) {
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("zmq.reliable.max-in-flight must be at least 1, was " + maxInFlight);
		}
		this.maxInFlight = maxInFlight;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = PropertyChecks.requirePositive(pollInterval, "zmq.reliable.poll-interval");
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("zmq.reliable.max-attempts must be at least 1, was " + maxAttempts);
		}
		this.maxAttempts = maxAttempts;
	}

	public Duration getProcessedRetention() {
		return this.processedRetention;
	}

	public void setProcessedRetention(Duration processedRetention) {
		this.processedRetention = PropertyChecks.requirePositive(processedRetention,
				"zmq.reliable.processed-retention");
	}

	public int getTransactionBatchSize() {
		return this.transactionBatchSize;
	}

	public void setTransactionBatchSize(int transactionBatchSize) {
		if (transactionBatchSize < 1) {
			throw new IllegalArgumentException("zmq.reliable.transaction-batch-size must be at least 1, was "
					+ transactionBatchSize + "; set 1 for a transaction per message");
		}
		this.transactionBatchSize = transactionBatchSize;
	}

	/**
	 * Replaced by {@code zmq.reliable.jdbc.initialize-schema}.
	 * @return {@code null}
	 * @deprecated use {@link Jdbc#getInitializeSchema()}
	 */
	@Deprecated
	@DeprecatedConfigurationProperty(replacement = "zmq.reliable.jdbc.initialize-schema",
			reason = "The tables are created as Spring Boot creates those of Spring Batch: embedded, always or never")
	public String getInitializeSchema() {
		return null;
	}

	/**
	 * Fails: the property was replaced by {@code zmq.reliable.jdbc.initialize-schema}.
	 * @param initializeSchema the value given
	 * @throws IllegalArgumentException always, naming the replacement
	 * @deprecated use {@link Jdbc#setInitializeSchema(SchemaInitialization)}
	 */
	@Deprecated
	public void setInitializeSchema(String initializeSchema) {
		throw new IllegalArgumentException("zmq.reliable.initialize-schema was replaced by"
				+ " zmq.reliable.jdbc.initialize-schema: use embedded (the default: only for an embedded database such"
				+ " as in-memory H2), always (true before) or never (false before)");
	}

	public String getTablePrefix() {
		return this.tablePrefix;
	}

	public void setTablePrefix(String tablePrefix) {
		this.tablePrefix = tablePrefix;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	/**
	 * When the starter creates its tables, as {@code spring.batch.jdbc.initialize-schema}
	 * does for Spring Batch's.
	 */
	public enum SchemaInitialization {

		/** Only in an embedded database, such as in-memory H2. */
		EMBEDDED,

		/** In any database, when a table is missing. */
		ALWAYS,

		/**
		 * Never: the application creates the tables itself, for example with Flyway or
		 * Liquibase.
		 */
		NEVER

	}

	/**
	 * The tables in the application's {@code DataSource}.
	 */
	public static class Jdbc {

		/**
		 * When to create the outbox, processed-message and dead-letter tables at startup:
		 * embedded (only in an embedded database such as in-memory H2), always (in any
		 * database, when a table is missing) or never (the application creates them, for
		 * example with Flyway from the scripts in the jar).
		 */
		private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

		/**
		 * Platform of the schema script (h2, postgresql, mysql, mariadb or sqlserver),
		 * which replaces the placeholder @@platform@@ in the schema location. Detected
		 * from the DataSource by default.
		 */
		private String platform;

		/**
		 * Location of the SQL script that creates the tables, written for the default
		 * table prefix "zmq_" (the configured prefix is put in when it runs).
		 */
		private String schema = "classpath:dev/zmqspring/reliable/schema-@@platform@@.sql";

		/**
		 * Location of the SQL script that creates the tables of durable topics, written
		 * for the default table prefix "zmq_"; run only when a durable topic is
		 * published.
		 */
		private String topicsSchema = "classpath:dev/zmqspring/reliable/topics-@@platform@@.sql";

		public String getTopicsSchema() {
			return this.topicsSchema;
		}

		public void setTopicsSchema(String topicsSchema) {
			this.topicsSchema = topicsSchema;
		}

		public SchemaInitialization getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(SchemaInitialization initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public String getPlatform() {
			return this.platform;
		}

		public void setPlatform(String platform) {
			this.platform = platform;
		}

		public String getSchema() {
			return this.schema;
		}

		public void setSchema(String schema) {
			this.schema = schema;
		}

	}

}
