package dev.zmqspring.reliable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.zmqspring.autoconfigure.ReliableSchemaInitializer;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqOutbox;
import dev.zmqspring.core.ZmqTemplate;
import org.h2.jdbcx.JdbcDataSource;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's database is its own: the reliable-delivery tables and stores exist
 * only with an at-least-once endpoint, and are created as
 * {@code zmq.reliable.jdbc.initialize-schema} says (embedded, always, never), on H2 and
 * on a real PostgreSQL server.
 */
@Timeout(60)
class ReliableSchemaInitializationTests {

	private static final String[] AT_LEAST_ONCE_ENDPOINT = { "zmq.endpoints.orders-out.type=dealer",
			"zmq.endpoints.orders-out.delivery=at-least-once",
			"zmq.endpoints.orders-out.connect=inproc://schema-" + UUID.randomUUID() };

	private static final String[] AT_MOST_ONCE_ENDPOINT = { "zmq.endpoints.events.type=push",
			"zmq.endpoints.events.connect=inproc://schema-plain-" + UUID.randomUUID() };

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				DataSourceInitializationAutoConfiguration.class, ZmqAutoConfiguration.class));

	private final String h2Url = "jdbc:h2:mem:schema-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	@AfterEach
	void closeH2() {
		new JdbcTemplate(h2(this.h2Url)).execute("shutdown");
	}

	@Test
	void withoutAnAtLeastOnceEndpointTheDatabaseIsLeftAsItIs() {
		this.runner.withPropertyValues("spring.datasource.url=" + this.h2Url)
			.withPropertyValues(AT_MOST_ONCE_ENDPOINT)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ZmqTemplate.class)
					.doesNotHaveBean(OutboxStore.class)
					.doesNotHaveBean(ProcessedMessageStore.class)
					.doesNotHaveBean(DeadLetterStore.class)
					.doesNotHaveBean(ZmqOutbox.class)
					.doesNotHaveBean(ReliableDeliveryRegistry.class)
					.doesNotHaveBean(ReliableListenerFactory.class)
					.doesNotHaveBean(DeadLetterService.class)
					.doesNotHaveBean(ReliableSchemaInitializer.class);
				assertThat(missingTables(context.getBean(DataSource.class), "zmq_")).hasSize(3);
			});
	}

	@Test
	void withoutAnyEndpointNothingOfReliableDeliveryExists() {
		this.runner.withPropertyValues("spring.datasource.url=" + this.h2Url).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(ReliableDeliveryRegistry.class);
			assertThat(missingTables(context.getBean(DataSource.class), "zmq_")).hasSize(3);
		});
	}

	@Test
	void atLeastOnceEndpointGetsTheTablesInAnEmbeddedDatabaseByDefault() {
		this.runner.withPropertyValues("spring.datasource.url=" + this.h2Url)
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ReliableSchemaInitializer.class);
				assertThat(missingTables(context.getBean(DataSource.class), "zmq_")).isEmpty();
				assertThat(context.getBean(OutboxStore.class)).isInstanceOf(JdbcOutboxStore.class);
				assertStoresWork(context.getBean(OutboxStore.class));
			});
	}

	@Test
	void customTablePrefixNamesTheCreatedTables() {
		this.runner.withPropertyValues("spring.datasource.url=" + this.h2Url, "zmq.reliable.table-prefix=shop_")
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(missingTables(dataSource, "shop_")).isEmpty();
				assertThat(missingTables(dataSource, "zmq_")).hasSize(3);
				assertStoresWork(context.getBean(OutboxStore.class));
			});
	}

	@Test
	void neverCreatesNothingAndStartupSaysHowToCreateTheTables() {
		this.runner
			.withPropertyValues("spring.datasource.url=" + this.h2Url, "zmq.reliable.jdbc.initialize-schema=never")
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.run((context) -> {
				assertThatStartupFailure(context).contains("[zmq_outbox, zmq_processed, zmq_dead_letter]")
					.contains("zmq.reliable.jdbc.initialize-schema is never")
					.contains("zmq.reliable.jdbc.initialize-schema=always")
					.contains("classpath:dev/zmqspring/reliable/schema-@@platform@@.sql");
			});
		assertThat(missingTables(h2(this.h2Url), "zmq_")).hasSize(3);
	}

	@Test
	void neverLeavesTheTablesToTheApplicationsOwnScripts() {
		this.runner
			.withPropertyValues("spring.datasource.url=" + this.h2Url, "zmq.reliable.jdbc.initialize-schema=never",
					"spring.sql.init.schema-locations=classpath:dev/zmqspring/reliable/schema-h2.sql")
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ReliableSchemaInitializer.class);
				assertStoresWork(context.getBean(OutboxStore.class));
			});
	}

	@Test
	void storesOfTheApplicationsOwnNeedNoneOfTheTables() {
		this.runner
			.withPropertyValues("spring.datasource.url=" + this.h2Url, "zmq.reliable.jdbc.initialize-schema=never")
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.withBean(OutboxStore.class, InMemoryOutboxStore::new)
			.withBean(ProcessedMessageStore.class, InMemoryProcessedMessageStore::new)
			.withBean(DeadLetterStore.class, InMemoryDeadLetterStore::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(missingTables(context.getBean(DataSource.class), "zmq_")).hasSize(3);
			});
	}

	@Test
	void withoutSpringBootsDatabaseInitializationTheStoresNeedTablesMadeElsewhere() {
		JdbcDataSource dataSource = h2(this.h2Url);
		new ReliableSchema(dataSource, ReliableSchema.DEFAULT_TABLE_PREFIX).create();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(DataSourceScriptDatabaseInitializer.class))
			.withBean(DataSource.class, () -> dataSource)
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ReliableSchemaInitializer.class);
				assertThat(context.getBean(OutboxStore.class)).isInstanceOf(JdbcOutboxStore.class);
				assertStoresWork(context.getBean(OutboxStore.class));
			});
	}

	@Test
	void storesAreCreatedAfterEveryDatabaseInitializer() {
		this.runner.withPropertyValues("spring.datasource.url=" + this.h2Url)
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.run((context) -> {
				for (String store : List.of("zmqOutboxStore", "zmqProcessedMessageStore", "zmqDeadLetterStore")) {
					assertThat(context.getBeanFactory().getBeanDefinition(store).getDependsOn()).as(store)
						.contains("zmqReliableSchemaInitializer", "dataSourceScriptDatabaseInitializer");
				}
			});
	}

	@Test
	void embeddedCreatesNothingInADatabaseThatIsNotEmbedded(@TempDir Path directory) {
		String url = "jdbc:h2:file:" + directory.resolve("orders").toAbsolutePath();
		this.runner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=sa")
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.run((context) -> assertThatStartupFailure(context)
				.contains("zmq.reliable.jdbc.initialize-schema is embedded, which creates them only in an embedded"
						+ " database")
				.contains("zmq.reliable.jdbc.initialize-schema=always"));
		JdbcDataSource file = h2(url);
		assertThat(missingTables(file, "zmq_")).hasSize(3);
		new JdbcTemplate(file).execute("shutdown");
	}

	@Test
	void alwaysCreatesTheTablesInADatabaseThatIsNotEmbedded(@TempDir Path directory) {
		String url = "jdbc:h2:file:" + directory.resolve("orders").toAbsolutePath();
		this.runner
			.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=sa",
					"zmq.reliable.jdbc.initialize-schema=always")
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertStoresWork(context.getBean(OutboxStore.class));
			});
		JdbcDataSource file = h2(url);
		assertThat(missingTables(file, "zmq_")).isEmpty();
		new JdbcTemplate(file).execute("shutdown");
	}

	@Test
	void theReplacedBooleanPropertyFailsNamingItsReplacement() {
		this.runner.withPropertyValues("spring.datasource.url=" + this.h2Url, "zmq.reliable.initialize-schema=false")
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.run((context) -> assertThatStartupFailure(context)
				.contains("zmq.reliable.initialize-schema was replaced by zmq.reliable.jdbc.initialize-schema")
				.contains("never (false before)"));
	}

	@Test
	void platformPropertyChoosesTheScript() {
		this.runner
			.withPropertyValues("spring.datasource.url=" + this.h2Url + ";MODE=MySQL",
					"zmq.reliable.jdbc.platform=mysql")
			.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JdbcTemplate jdbcTemplate = new JdbcTemplate(context.getBean(DataSource.class));
				// Only the MySQL script declares the payload as longblob, which H2
				// reports as a binary large object.
				assertThat(jdbcTemplate.queryForObject("select data_type from information_schema.columns"
						+ " where table_name = 'ZMQ_OUTBOX' and column_name = 'PAYLOAD'", String.class))
					.isEqualTo("BINARY LARGE OBJECT");
			});
	}

	private static JdbcDataSource h2(String url) {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL(url);
		// Spring Boot's user of an embedded database.
		dataSource.setUser("sa");
		return dataSource;
	}

	private static List<String> missingTables(DataSource dataSource, String prefix) {
		return new ReliableSchema(dataSource, prefix).missingTables();
	}

	/**
	 * Saves and finds a message, under an endpoint name that no dispatcher sends from
	 * meanwhile.
	 */
	private static void assertStoresWork(OutboxStore store) {
		store.save(new OutboxMessage("m1", "stored-only", Map.of("k", "v"), new byte[] { 1, 2 }, 100, 0, 100));
		assertThat(store.findDue("stored-only", 200, 10)).extracting(OutboxMessage::payload)
			.containsExactly(new byte[] { 1, 2 });
	}

	/** The message of what made startup fail, however deep Spring wrapped it. */
	private static AbstractStringAssert<?> assertThatStartupFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()).getMessage());
	}

	/** The same on a real PostgreSQL server, each test in a schema of its own. */
	@Nested
	@EnabledIf("dev.zmqspring.reliable.TestDatabase#postgreSqlEnabled")
	class PostgreSql {

		private HikariDataSource admin;

		private String schema;

		@BeforeEach
		void createSchema() {
			this.admin = TestDatabase.postgreSqlDataSource();
			this.schema = TestDatabase.uniqueName() + "schema";
			new JdbcTemplate(this.admin).execute("create schema " + this.schema);
		}

		@AfterEach
		void dropSchema() {
			new JdbcTemplate(this.admin).execute("drop schema " + this.schema + " cascade");
			this.admin.close();
		}

		private ApplicationContextRunner postgreSqlRunner() {
			return ReliableSchemaInitializationTests.this.runner.withPropertyValues(
					"spring.datasource.url=" + TestDatabase.postgreSqlUrl("currentSchema=" + this.schema),
					"spring.datasource.username=" + TestDatabase.postgreSqlUser(),
					"spring.datasource.password=" + TestDatabase.postgreSqlPassword());
		}

		@Test
		void alwaysCreatesTheTablesAndTheStoresWork() {
			postgreSqlRunner().withPropertyValues("zmq.reliable.jdbc.initialize-schema=always")
				.withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertStoresWork(context.getBean(OutboxStore.class));
					assertThat(tablesInSchema()).containsExactly("zmq_dead_letter", "zmq_outbox", "zmq_processed");
				});
		}

		@Test
		void alwaysAgainKeepsTheStoredMessages() {
			ApplicationContextRunner always = postgreSqlRunner()
				.withPropertyValues("zmq.reliable.jdbc.initialize-schema=always")
				.withPropertyValues(AT_LEAST_ONCE_ENDPOINT);
			always.run((context) -> assertStoresWork(context.getBean(OutboxStore.class)));

			always.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(OutboxStore.class).count("stored-only")).isOne();
			});
		}

		@Test
		void embeddedCreatesNothingOnPostgreSql() {
			postgreSqlRunner().withPropertyValues(AT_LEAST_ONCE_ENDPOINT)
				.run((context) -> assertThatStartupFailure(context)
					.contains("zmq.reliable.jdbc.initialize-schema is embedded"));
			assertThat(tablesInSchema()).isEmpty();
		}

		@Test
		void withoutAnAtLeastOnceEndpointNoTableIsCreatedEvenWithAlways() {
			postgreSqlRunner().withPropertyValues("zmq.reliable.jdbc.initialize-schema=always")
				.withPropertyValues(AT_MOST_ONCE_ENDPOINT)
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OutboxStore.class));
			assertThat(tablesInSchema()).isEmpty();
		}

		@Test
		void instancesCreatingTheTablesAtOnceAllStart() throws Exception {
			int instances = 4;
			ExecutorService executor = Executors.newFixedThreadPool(instances);
			try (HikariDataSource dataSource = TestDatabase.postgreSqlDataSource()) {
				dataSource.setJdbcUrl(TestDatabase.postgreSqlUrl("currentSchema=" + this.schema));
				CountDownLatch start = new CountDownLatch(1);
				List<Future<?>> creations = new ArrayList<>();
				for (int i = 0; i < instances; i++) {
					creations.add(executor.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						new ReliableSchema(dataSource, ReliableSchema.DEFAULT_TABLE_PREFIX).create();
						return null;
					}));
				}
				start.countDown();
				for (Future<?> creation : creations) {
					creation.get(30, TimeUnit.SECONDS);
				}
				assertThat(missingTables(dataSource, "zmq_")).isEmpty();
			}
			finally {
				executor.shutdown();
			}
		}

		private List<String> tablesInSchema() {
			return new JdbcTemplate(this.admin).queryForList(
					"select table_name from information_schema.tables where table_schema = ? order by table_name",
					String.class, this.schema);
		}

	}

}
