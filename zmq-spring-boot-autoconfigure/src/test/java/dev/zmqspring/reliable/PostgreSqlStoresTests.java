package dev.zmqspring.reliable;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC store tests again on PostgreSQL, whose transactions end at the first failed
 * statement and whose binary type is {@code bytea}. They run when the environment
 * variable {@code ZMQ_TEST_POSTGRESQL_URL} names a database (user and password in
 * {@code ZMQ_TEST_POSTGRESQL_USER} and {@code ZMQ_TEST_POSTGRESQL_PASSWORD};
 * {@code .ci/run} sets them), and on CI always: there they fail when it is missing. Each
 * test works in tables of its own prefix and drops them.
 */
@Timeout(60)
@EnabledIf("dev.zmqspring.reliable.TestDatabase#postgreSqlEnabled")
class PostgreSqlStoresTests {

	@Test
	void schemaIsCreatedOnceWithByteaPayloadsAndTheTopicTablesToo() {
		try (TestDatabase database = TestDatabase.postgreSql()) {
			new ReliableSchema(database.dataSource(), database.prefix()).create();

			assertThat(database.jdbcTemplate()
				.queryForList(
						"select table_name, data_type from information_schema.columns"
								+ " where column_name = 'payload' and table_name like ? order by table_name",
						database.prefix() + "%"))
				.extracting((row) -> row.get("table_name") + " " + row.get("data_type"))
				.containsExactly(database.prefix() + "dead_letter bytea", database.prefix() + "outbox bytea",
						database.prefix() + "topic_message bytea");
		}
	}

	@Nested
	class Outbox extends JdbcOutboxStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.postgreSql();
		}

	}

	@Nested
	class ProcessedMessages extends JdbcProcessedMessageStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.postgreSql();
		}

	}

	@Nested
	class Topics extends JdbcTopicStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.postgreSql();
		}

	}

	@Nested
	class DeadLetters extends JdbcDeadLetterStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.postgreSql();
		}

	}

}
