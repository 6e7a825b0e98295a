package dev.zmqspring.reliable;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The tables of reliable delivery: created once, under the configured prefix, and never twice.
 */
@Timeout(30)
class ReliableSchemaTests {

	private TestDatabase database;

	@AfterEach
	void closeDatabase() {
		if (this.database != null) {
			this.database.close();
		}
	}

	@Test
	void createsTheThreeTablesAndTheirIndexes() throws SQLException {
		this.database = TestDatabase.h2();

		assertThat(tables(this.database.dataSource())).contains("ZMQ_OUTBOX", "ZMQ_PROCESSED", "ZMQ_DEAD_LETTER");
		assertThat(indexedColumns(this.database.dataSource(), "ZMQ_OUTBOX", "ZMQ_OUTBOX_DUE_IDX"))
			.containsExactly("ENDPOINT", "NEXT_ATTEMPT_AT");
		assertThat(indexedColumns(this.database.dataSource(), "ZMQ_PROCESSED", "ZMQ_PROCESSED_AT_IDX"))
			.containsExactly("PROCESSED_AT");
	}

	@Test
	void creatingTheSchemaAgainKeepsTheStoredMessages() {
		this.database = TestDatabase.h2();
		JdbcOutboxStore outbox = new JdbcOutboxStore(this.database.jdbcTemplate(), ReliableSchema.DEFAULT_TABLE_PREFIX);
		outbox.save(new OutboxMessage("m1", "orders", Map.of(), new byte[] { 1 }, 100, 0, 100));

		new ReliableSchema(this.database.dataSource(), ReliableSchema.DEFAULT_TABLE_PREFIX).create();
		new ReliableSchema(this.database.dataSource(), ReliableSchema.DEFAULT_TABLE_PREFIX).create();

		assertThat(outbox.count("orders")).isOne();
	}

	@Test
	void customPrefixNamesTablesOfItsOwn() throws SQLException {
		this.database = TestDatabase.h2("shop_");
		JdbcTemplate jdbcTemplate = this.database.jdbcTemplate();
		new JdbcOutboxStore(jdbcTemplate, "shop_")
			.save(new OutboxMessage("m1", "orders", Map.of(), new byte[] { 1 }, 100, 0, 100));
		new JdbcProcessedMessageStore(jdbcTemplate, "shop_").markProcessed("orders.handle", "m1", 100);
		new JdbcDeadLetterStore(jdbcTemplate, "shop_")
			.save(new DeadLetter("orders.handle", "m1", Map.of(), null, "e", 1, 100));

		assertThat(tables(this.database.dataSource())).contains("SHOP_OUTBOX", "SHOP_PROCESSED", "SHOP_DEAD_LETTER")
			.doesNotContain("ZMQ_OUTBOX", "ZMQ_PROCESSED", "ZMQ_DEAD_LETTER");
		for (String table : List.of("shop_outbox", "shop_processed", "shop_dead_letter")) {
			assertThat(jdbcTemplate.queryForObject("select count(*) from " + table, Long.class)).as(table).isOne();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "zmq-", "zmq.", "my app_", "x;drop table users;", "1zmq_", "zmq_\"", "zmq_é" })
	void prefixThatIsNotAPlainNameFailsNamingTheProperty(String prefix) {
		DataSource dataSource = new JdbcDataSource();

		assertThatIllegalArgumentException().isThrownBy(() -> new ReliableSchema(dataSource, prefix))
			.withMessageContaining("zmq.reliable.table-prefix '" + prefix + "' is not valid")
			.withMessageContaining("letters, digits and underscores");
		JdbcTemplate jdbcTemplate = new JdbcTemplate(dataSource);
		assertThatIllegalArgumentException().isThrownBy(() -> new JdbcOutboxStore(jdbcTemplate, prefix))
			.withMessageContaining("zmq.reliable.table-prefix");
		assertThatIllegalArgumentException().isThrownBy(() -> new JdbcProcessedMessageStore(jdbcTemplate, prefix))
			.withMessageContaining("zmq.reliable.table-prefix");
		assertThatIllegalArgumentException().isThrownBy(() -> new JdbcDeadLetterStore(jdbcTemplate, prefix))
			.withMessageContaining("zmq.reliable.table-prefix");
	}

	@Test
	void binaryColumnsAreByteaOnPostgreSqlAndBlobElsewhere() {
		ReliableSchema schema = new ReliableSchema(new JdbcDataSource(), "zmq_");

		assertThat(String.join("\n", schema.statements(true))).contains("payload bytea not null", "payload bytea,")
			.doesNotContain("blob");
		assertThat(String.join("\n", schema.statements(false))).contains("payload blob not null", "payload blob,")
			.doesNotContain("bytea");
	}

	private static List<String> tables(DataSource dataSource) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] { "TABLE" })) {
			while (rows.next()) {
				tables.add(rows.getString("TABLE_NAME").toUpperCase(Locale.ROOT));
			}
		}
		return tables;
	}

	private static List<String> indexedColumns(DataSource dataSource, String table, String index) throws SQLException {
		List<String> columns = new ArrayList<>();
		try (Connection connection = dataSource.getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			try (ResultSet rows = metaData.getIndexInfo(null, null, table, false, false)) {
				while (rows.next()) {
					if (index.equalsIgnoreCase(rows.getString("INDEX_NAME"))) {
						columns.add(rows.getString("COLUMN_NAME").toUpperCase(Locale.ROOT));
					}
				}
			}
		}
		return columns;
	}

}
