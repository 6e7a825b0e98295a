package dev.zmqspring.docs.delivery;

import java.nio.file.Path;
import java.util.UUID;

import javax.sql.DataSource;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.docs.DocsYaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables example of docs/delivery.md on a database that is not embedded (an H2 file standing in for the
 * page's PostgreSQL): with {@code initialize-schema: always} the starter creates its tables there; with the
 * default, startup fails and names the setting.
 */
@Timeout(60)
class TablesTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class,
					DataSourceInitializationAutoConfiguration.class, ZmqAutoConfiguration.class))
			.withInitializer(DocsYaml.initializer("docs/delivery/postgresql.yml"))
			.withPropertyValues("spring.datasource.url=jdbc:h2:file:" + this.directory.resolve("orders"),
					"zmq.endpoints.orders-out.connect=inproc://docs-tables-" + UUID.randomUUID());
	}

	@Test
	void initializeSchemaAlwaysCreatesTheTablesInADatabaseThatIsNotEmbedded() {
		runner().run(context -> {
			assertThat(context).hasNotFailed();
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			for (String table : new String[] { "zmq_outbox", "zmq_processed", "zmq_dead_letter" }) {
				assertThat(jdbc.queryForObject("select count(*) from " + table, Integer.class)).as(table).isZero();
			}
		});
	}

	@Test
	void theDefaultCreatesNothingThereAndStartupSaysWhatToSet() {
		runner().withPropertyValues("zmq.reliable.jdbc.initialize-schema=embedded").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("zmq.reliable.jdbc.initialize-schema=always");
		});
	}

}
