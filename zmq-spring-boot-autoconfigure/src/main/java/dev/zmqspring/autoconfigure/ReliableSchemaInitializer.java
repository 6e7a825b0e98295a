package dev.zmqspring.autoconfigure;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.zmqspring.reliable.ReliableSchema;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * Creates the tables of at-least-once delivery at startup, as Spring Boot creates Spring
 * Batch's: the script of the database's platform ({@code zmq.reliable.jdbc.schema}) runs
 * when {@code zmq.reliable.jdbc.initialize-schema} is {@code always}, or {@code embedded}
 * (the default) and the database is embedded. The configured table prefix is put into the
 * script, and nothing runs when the tables exist already. Spring Boot orders it after
 * Flyway and Liquibase and before the beans that use the database, as it does every
 * {@link DataSourceScriptDatabaseInitializer}. Declare a bean of this type to replace the
 * starter's.
 */
public class ReliableSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	private final ResourceLoader resourceLoader = new DefaultResourceLoader();

	private final String tablePrefix;

	private final ZmqReliableProperties.Jdbc jdbc;

	private boolean topicTables;

	/**
	 * Creates an initializer.
	 * @param dataSource the application's database
	 * @param properties the {@code zmq.reliable} properties
	 */
	public ReliableSchemaInitializer(DataSource dataSource, ZmqReliableProperties properties) {
		super(dataSource, settings(dataSource, properties.getJdbc()));
		this.tablePrefix = properties.getTablePrefix();
		this.jdbc = properties.getJdbc();
	}

	/**
	 * Sets whether the tables of durable topics are created too (the application
	 * publishes a durable topic).
	 */
	public void setTopicTables(boolean topicTables) {
		this.topicTables = topicTables;
	}

	@Override
	protected void runScripts(Scripts scripts) {
		List<Resource> resources = new ArrayList<>();
		scripts.forEach(resources::add);
		Charset encoding = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
		ReliableSchema schema = new ReliableSchema(getDataSource(), this.tablePrefix);
		schema.create(resources, encoding);
		if (this.topicTables) {
			List<Resource> topicScripts = new ArrayList<>();
			for (String location : locations(getDataSource(), this.jdbc, this.jdbc.getTopicsSchema())) {
				Resource script = this.resourceLoader.getResource(location);
				if (!script.exists()) {
					throw new IllegalStateException("There is no durable-topics schema script at " + location
							+ "; set zmq.reliable.jdbc.topics-schema, or zmq.reliable.jdbc.initialize-schema=never and"
							+ " create the tables yourself");
				}
				topicScripts.add(script);
			}
			schema.createTopicTables(topicScripts, encoding);
		}
	}

	private static DatabaseInitializationSettings settings(DataSource dataSource, ZmqReliableProperties.Jdbc jdbc) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(locations(dataSource, jdbc, jdbc.getSchema()));
		settings.setMode(DatabaseInitializationMode.valueOf(jdbc.getInitializeSchema().name()));
		// Failures are not ignored: ReliableSchema skips tables that exist and lets a
		// lost race pass.
		settings.setContinueOnError(false);
		return settings;
	}

	private static List<String> locations(DataSource dataSource, ZmqReliableProperties.Jdbc jdbc, String location) {
		PlatformPlaceholderDatabaseDriverResolver resolver = new PlatformPlaceholderDatabaseDriverResolver();
		if (StringUtils.hasText(jdbc.getPlatform())) {
			return resolver.resolveAll(jdbc.getPlatform(), location);
		}
		try {
			return resolver.resolveAll(dataSource, location);
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("Cannot tell the database platform of the DataSource for the"
					+ " reliable-delivery tables (" + ex.getMessage() + "); set zmq.reliable.jdbc.platform to one of "
					+ ReliableSchema.PLATFORMS + ", or zmq.reliable.jdbc.initialize-schema=never and create the tables"
					+ " yourself", ex);
		}
	}

}
