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
import org.springframework.core.io.Resource;
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

	private final String tablePrefix;

	/**
	 * Creates an initializer.
	 * @param dataSource the application's database
	 * @param properties the {@code zmq.reliable} properties
	 */
	public ReliableSchemaInitializer(DataSource dataSource, ZmqReliableProperties properties) {
		super(dataSource, settings(dataSource, properties.getJdbc()));
		this.tablePrefix = properties.getTablePrefix();
	}

	@Override
	protected void runScripts(Scripts scripts) {
		List<Resource> resources = new ArrayList<>();
		scripts.forEach(resources::add);
		Charset encoding = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
		new ReliableSchema(getDataSource(), this.tablePrefix).create(resources, encoding);
	}

	private static DatabaseInitializationSettings settings(DataSource dataSource, ZmqReliableProperties.Jdbc jdbc) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(schemaLocations(dataSource, jdbc));
		settings.setMode(DatabaseInitializationMode.valueOf(jdbc.getInitializeSchema().name()));
		// Failures are not ignored: ReliableSchema skips tables that exist and lets a
		// lost race pass.
		settings.setContinueOnError(false);
		return settings;
	}

	private static List<String> schemaLocations(DataSource dataSource, ZmqReliableProperties.Jdbc jdbc) {
		PlatformPlaceholderDatabaseDriverResolver resolver = new PlatformPlaceholderDatabaseDriverResolver();
		if (StringUtils.hasText(jdbc.getPlatform())) {
			return resolver.resolveAll(jdbc.getPlatform(), jdbc.getSchema());
		}
		try {
			return resolver.resolveAll(dataSource, jdbc.getSchema());
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("Cannot tell the database platform of the DataSource for the"
					+ " reliable-delivery tables (" + ex.getMessage() + "); set zmq.reliable.jdbc.platform to one of "
					+ ReliableSchema.PLATFORMS + ", or zmq.reliable.jdbc.initialize-schema=never and create the tables"
					+ " yourself", ex);
		}
	}

}
