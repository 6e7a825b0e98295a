package dev.zmqspring.reliable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.datasource.init.ScriptException;
import org.springframework.util.Assert;
import org.springframework.util.StreamUtils;

/**
 * The tables of reliable delivery: {@code <prefix>outbox}, {@code <prefix>processed} and
 * {@code <prefix>dead_letter}, with their indexes. The jar ships one script per database
 * platform, {@value #SCHEMA_LOCATION} (and a matching {@value #DROP_LOCATION}), written
 * for the default prefix {@value #DEFAULT_TABLE_PREFIX}; {@link #create()} runs the
 * script of the database's platform with the configured prefix put in, and only when a
 * table is missing. Two instances that start at once may both run it: the one that loses
 * the race finds the tables in place and goes on.
 */
public final class ReliableSchema {

	/**
	 * The table prefix used when none is configured, and the one the shipped scripts are
	 * written for.
	 */
	public static final String DEFAULT_TABLE_PREFIX = "zmq_";

	/**
	 * Where the schema scripts are, with {@code @@platform@@} standing for the platform.
	 */
	public static final String SCHEMA_LOCATION = "classpath:dev/zmqspring/reliable/schema-@@platform@@.sql";

	/**
	 * Where the scripts that drop the tables are, with {@code @@platform@@} standing for
	 * the platform.
	 */
	public static final String DROP_LOCATION = "classpath:dev/zmqspring/reliable/schema-drop-@@platform@@.sql";

	/**
	 * Where the scripts that create the tables of durable topics are, with
	 * {@code @@platform@@} standing for the platform.
	 */
	public static final String TOPICS_LOCATION = "classpath:dev/zmqspring/reliable/topics-@@platform@@.sql";

	/**
	 * Where the scripts that drop the tables of durable topics are, with
	 * {@code @@platform@@} standing for the platform.
	 */
	public static final String TOPICS_DROP_LOCATION = "classpath:dev/zmqspring/reliable/topics-drop-@@platform@@.sql";

	/** The platforms that the jar has scripts for. */
	public static final List<String> PLATFORMS = List.of("h2", "postgresql", "mysql", "mariadb", "sqlserver");

	/** The tables, by the name they have after the prefix. */
	static final List<String> TABLES = List.of("outbox", "processed", "dead_letter");

	/** The tables of durable topics, by the name they have after the prefix. */
	public static final List<String> TOPIC_TABLES = List.of("topic_message", "topic_delivery", "topic_group");

	/** Longest headers JSON text that the {@code headers} columns hold. */
	static final int HEADERS_MAX_LENGTH = 4000;

	/** Longest error text that the dead letter {@code error} column holds. */
	static final int ERROR_MAX_LENGTH = 2000;

	/**
	 * How often the scripts run before a failure is final: a lost race is over after a
	 * pass or two.
	 */
	private static final int CREATE_ATTEMPTS = 5;

	private static final Pattern TABLE_PREFIX = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)?");

	private static final Pattern DEFAULT_NAMES = Pattern.compile("\\bzmq_(?=outbox|processed|dead_letter|topic_)",
			Pattern.CASE_INSENSITIVE);

	/**
	 * Database product names, as JDBC reports them in lower case, and their platforms.
	 */
	private static final Map<String, String> PRODUCT_PLATFORMS = Map.of("h2", "h2", "postgresql", "postgresql", "mysql",
			"mysql", "mariadb", "mariadb", "microsoft sql server", "sqlserver");

	private static final Log logger = LogFactory.getLog(ReliableSchema.class);

	private final DataSource dataSource;

	private final JdbcTemplate jdbcTemplate;

	private final String tablePrefix;

	/**
	 * Creates a schema for the tables of a prefix.
	 * @param dataSource the database
	 * @param tablePrefix the table name prefix, such as {@value #DEFAULT_TABLE_PREFIX}:
	 * letters, digits and underscores, not starting with a digit
	 * @throws IllegalArgumentException when the prefix is not valid
	 */
	public ReliableSchema(DataSource dataSource, String tablePrefix) {
		Assert.notNull(dataSource, "DataSource must not be null");
		this.dataSource = dataSource;
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.tablePrefix = checkTablePrefix(tablePrefix);
	}

	/**
	 * Creates the tables with the shipped script of the database's platform when one of
	 * them is missing.
	 * @throws IllegalStateException when the jar has no script for the database
	 * @throws ScriptException when the database refuses a statement and the tables are
	 * still missing
	 */
	public void create() {
		String platform = platform(this.jdbcTemplate);
		Resource script = new ClassPathResource(scriptPath(platform));
		if (!script.exists()) {
			throw new IllegalStateException("There is no reliable-delivery schema script for the " + platform
					+ " database; scripts exist for " + PLATFORMS + ". Create the tables yourself, following "
					+ SCHEMA_LOCATION.replace("@@platform@@", "h2"));
		}
		create(List.of(script), StandardCharsets.UTF_8);
	}

	/**
	 * Runs schema scripts written for the default prefix, with this schema's prefix put
	 * in, when a table is missing.
	 * @param scripts the scripts, in order
	 * @param encoding their encoding
	 * @return whether the scripts ran
	 * @throws ScriptException when the database refuses a statement and the tables are
	 * still missing
	 */
	public boolean create(List<Resource> scripts, Charset encoding) {
		return create(scripts, encoding, TABLES);
	}

	/**
	 * Creates the tables of durable topics with the shipped script of the database's
	 * platform when one of them is missing.
	 * @throws IllegalStateException when the jar has no script for the database
	 */
	public void createTopicTables() {
		String platform = platform(this.jdbcTemplate);
		Resource script = new ClassPathResource(
				TOPICS_LOCATION.substring("classpath:".length()).replace("@@platform@@", platform));
		if (!script.exists()) {
			throw new IllegalStateException("There is no durable-topics schema script for the " + platform
					+ " database; scripts exist for " + PLATFORMS + ". Create the tables yourself, following "
					+ TOPICS_LOCATION.replace("@@platform@@", "h2"));
		}
		createTopicTables(List.of(script), StandardCharsets.UTF_8);
	}

	/**
	 * Runs schema scripts of durable topics written for the default prefix, with this
	 * schema's prefix put in, when one of their tables is missing.
	 * @param scripts the scripts, in order
	 * @param encoding their encoding
	 * @return whether the scripts ran
	 */
	public boolean createTopicTables(List<Resource> scripts, Charset encoding) {
		return create(scripts, encoding, TOPIC_TABLES);
	}

	private boolean create(List<Resource> scripts, Charset encoding, List<String> tables) {
		if (missingTables(tables).isEmpty()) {
			logger.debug("The reliable-delivery tables of prefix '" + this.tablePrefix + "' exist already");
			return false;
		}
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
		populator.setSqlScriptEncoding(encoding.name());
		for (Resource script : scripts) {
			populator.addScript(withTablePrefix(script, encoding));
		}
		for (int attempt = 1;; attempt++) {
			try {
				DatabasePopulatorUtils.execute(populator, this.dataSource);
				return true;
			}
			catch (ScriptException ex) {
				// Instances starting at once race: where a script has no "if not exists"
				// (or PostgreSQL reports a
				// duplicate catalog entry) the loser fails while the winner may still be
				// at work. Once the winner
				// is done, every table is there (or, with "if not exists", the next pass
				// creates what is missing).
				List<String> missing = missingTables(tables);
				if (missing.isEmpty()) {
					logger.debug("The reliable-delivery tables were created by someone else meanwhile", ex);
					return true;
				}
				if (attempt == CREATE_ATTEMPTS) {
					throw ex;
				}
				logger.debug("Creating the reliable-delivery tables failed; " + missing + " still missing", ex);
				pause(attempt);
			}
		}
	}

	private static void pause(int attempt) {
		try {
			Thread.sleep(100L * attempt);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating the reliable-delivery tables", ex);
		}
	}

	/**
	 * The tables (with prefix) that the database does not have.
	 * @return the missing tables, empty when all exist
	 * @throws DataAccessException when the database cannot be asked
	 */
	public List<String> missingTables() {
		return missingTables(TABLES);
	}

	/**
	 * The tables among some that the database does not have.
	 * @param tables the tables, named without prefix: {@code outbox}, {@code processed}
	 * or {@code dead_letter}
	 * @return the missing tables (with prefix), empty when all exist
	 * @throws DataAccessException when the database cannot be asked
	 */
	public List<String> missingTables(Collection<String> tables) {
		List<String> missing = new ArrayList<>();
		for (String table : tables) {
			String name = this.tablePrefix + table;
			try {
				// The same unqualified name the stores use, so it is looked up in the
				// same schema.
				this.jdbcTemplate.query("select count(*) from " + name + " where 1 = 0", (row) -> {
				});
			}
			catch (BadSqlGrammarException ex) {
				missing.add(name);
			}
		}
		return missing;
	}

	/** A script written for the default prefix, with this schema's prefix put in. */
	private Resource withTablePrefix(Resource script, Charset encoding) {
		if (DEFAULT_TABLE_PREFIX.equals(this.tablePrefix)) {
			return script;
		}
		try {
			String sql = StreamUtils.copyToString(script.getInputStream(), encoding);
			String prefixed = DEFAULT_NAMES.matcher(sql).replaceAll(Matcher.quoteReplacement(this.tablePrefix));
			return new ByteArrayResource(prefixed.getBytes(encoding),
					script.getDescription() + " with table prefix '" + this.tablePrefix + "'");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + script.getDescription(), ex);
		}
	}

	/** The class path of a platform's schema script. */
	static String scriptPath(String platform) {
		return SCHEMA_LOCATION.substring("classpath:".length()).replace("@@platform@@", platform);
	}

	/**
	 * Checks a table prefix, which is written into SQL statements unquoted.
	 * @return the prefix
	 * @throws IllegalArgumentException when it holds anything but letters, digits and
	 * underscores, or starts with a digit
	 */
	static String checkTablePrefix(String tablePrefix) {
		Assert.notNull(tablePrefix, "zmq.reliable.table-prefix must not be null");
		Assert.isTrue(TABLE_PREFIX.matcher(tablePrefix).matches(), () -> "zmq.reliable.table-prefix '" + tablePrefix
				+ "' is not valid: use only letters, digits and underscores, not starting with a digit, such as '"
				+ DEFAULT_TABLE_PREFIX + "'");
		return tablePrefix;
	}

	/**
	 * The platform of the database behind a template, named as the scripts are, such as
	 * {@code postgresql}.
	 */
	static String platform(JdbcTemplate jdbcTemplate) {
		String product = jdbcTemplate.execute((ConnectionCallback<String>) (connection) -> {
			DatabaseMetaData metaData = connection.getMetaData();
			return metaData.getDatabaseProductName();
		});
		String name = (product != null) ? product.toLowerCase(Locale.ROOT) : "unknown";
		return PRODUCT_PLATFORMS.getOrDefault(name, name.replace(' ', '_'));
	}

	/** Whether the database behind a template is PostgreSQL. */
	static boolean isPostgreSql(JdbcTemplate jdbcTemplate) {
		return "postgresql".equals(platform(jdbcTemplate));
	}

}
