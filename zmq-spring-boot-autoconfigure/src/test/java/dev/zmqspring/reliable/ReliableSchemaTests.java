package dev.zmqspring.reliable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.datasource.init.ScriptException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The tables of reliable delivery: the shipped script of each platform (run on H2 in that
 * platform's compatibility mode here; PostgreSQL's also on a real server in
 * {@code PostgreSqlStoresTests}), created once, under the configured prefix, and never
 * twice.
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
	void everyPlatformHasASchemaScriptAndADropScript() {
		for (String platform : ReliableSchema.PLATFORMS) {
			assertThat(new ClassPathResource(ReliableSchema.scriptPath(platform)).exists()).as(platform).isTrue();
			assertThat(new ClassPathResource(
					ReliableSchema.DROP_LOCATION.substring("classpath:".length()).replace("@@platform@@", platform))
				.exists()).as(platform).isTrue();
		}
	}

	@ParameterizedTest(name = "{0} in H2 mode {1}")
	@CsvSource({ "h2, REGULAR", "postgresql, PostgreSQL", "mysql, MySQL", "mariadb, MariaDB",
			"sqlserver, MSSQLServer" })
	void scriptCreatesTheTablesAndTheDropScriptRemovesThem(String platform, String mode) throws SQLException {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:scripts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=" + mode);
		ReliableSchema schema = new ReliableSchema(dataSource, ReliableSchema.DEFAULT_TABLE_PREFIX);
		JdbcTemplate jdbcTemplate = new JdbcTemplate(dataSource);
		try {
			assertThat(schema.create(List.of(script(ReliableSchema.SCHEMA_LOCATION, platform)), StandardCharsets.UTF_8))
				.isTrue();
			assertThat(schema.missingTables()).isEmpty();
			assertThat(indexedColumns(dataSource, "ZMQ_OUTBOX", "ZMQ_OUTBOX_DUE_IDX")).containsExactly("ENDPOINT",
					"NEXT_ATTEMPT_AT");
			assertThat(indexedColumns(dataSource, "ZMQ_PROCESSED", "ZMQ_PROCESSED_AT_IDX"))
				.containsExactly("PROCESSED_AT");

			ResourceDatabasePopulator drop = new ResourceDatabasePopulator(
					script(ReliableSchema.DROP_LOCATION, platform));
			DatabasePopulatorUtils.execute(drop, dataSource);
			assertThat(schema.missingTables()).containsExactly("zmq_outbox", "zmq_processed", "zmq_dead_letter");
		}
		finally {
			jdbcTemplate.execute("shutdown");
		}
	}

	@Test
	void scriptsDoNotRunWhenTheTablesExist() {
		this.database = TestDatabase.h2();
		ReliableSchema schema = new ReliableSchema(this.database.dataSource(), ReliableSchema.DEFAULT_TABLE_PREFIX);

		boolean ran = schema.create(List.of(sql("this is not sql")), StandardCharsets.UTF_8);

		assertThat(ran).isFalse();
	}

	@Test
	void failureAfterAnotherInstanceCreatedTheTablesIsNoError() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:race-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		ReliableSchema schema = new ReliableSchema(dataSource, ReliableSchema.DEFAULT_TABLE_PREFIX);
		// What the loser of a race sees where the script has no "if not exists": the
		// tables appear, then its own
		// "create table" fails.
		Resource winnerThenLoser = sql(copy(script(ReliableSchema.SCHEMA_LOCATION, "h2"))
				+ "\ncreate table zmq_outbox (message_id varchar(64));");

		assertThat(schema.create(List.of(winnerThenLoser), StandardCharsets.UTF_8)).isTrue();
		assertThat(schema.missingTables()).isEmpty();
		new JdbcTemplate(dataSource).execute("shutdown");
	}

	@Test
	void failureWithTablesStillMissingIsThrown() {
		this.database = TestDatabase.h2();
		this.database.jdbcTemplate().execute("drop table zmq_dead_letter");
		ReliableSchema schema = new ReliableSchema(this.database.dataSource(), ReliableSchema.DEFAULT_TABLE_PREFIX);

		assertThatExceptionOfType(ScriptException.class).isThrownBy(
				() -> schema.create(List.of(sql("create tabel zmq_dead_letter (x int);")), StandardCharsets.UTF_8));
		assertThat(schema.missingTables()).containsExactly("zmq_dead_letter");
	}

	private static Resource script(String location, String platform) {
		return new ClassPathResource(location.substring("classpath:".length()).replace("@@platform@@", platform));
	}

	private static Resource sql(String sql) {
		return new ByteArrayResource(sql.getBytes(StandardCharsets.UTF_8));
	}

	private static String copy(Resource resource) {
		try {
			return resource.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
