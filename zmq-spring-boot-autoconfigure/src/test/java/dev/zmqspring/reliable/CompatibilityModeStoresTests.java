package dev.zmqspring.reliable;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;

/**
 * The JDBC store tests again on the tables of the MySQL, MariaDB and SQL Server scripts,
 * in H2's compatibility mode for each. A smoke test only: no MySQL, MariaDB or SQL Server
 * server runs here, and H2 accepts SQL that they may not.
 */
@Timeout(60)
class CompatibilityModeStoresTests {

	@Nested
	class MySqlOutbox extends JdbcOutboxStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.h2("MySQL", "mysql");
		}

	}

	@Nested
	class MySqlProcessedMessages extends JdbcProcessedMessageStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.h2("MySQL", "mysql");
		}

	}

	@Nested
	class MySqlDeadLetters extends JdbcDeadLetterStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.h2("MySQL", "mysql");
		}

	}

	@Nested
	class MariaDbOutbox extends JdbcOutboxStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.h2("MariaDB", "mariadb");
		}

	}

	@Nested
	class SqlServerOutbox extends JdbcOutboxStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.h2("MSSQLServer", "sqlserver");
		}

	}

	@Nested
	class SqlServerProcessedMessages extends JdbcProcessedMessageStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.h2("MSSQLServer", "sqlserver");
		}

	}

	@Nested
	class SqlServerDeadLetters extends JdbcDeadLetterStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.h2("MSSQLServer", "sqlserver");
		}

	}

	@Nested
	class MySqlTopics extends JdbcTopicStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.h2("MySQL", "mysql");
		}

	}

	@Nested
	class MariaDbTopics extends JdbcTopicStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.h2("MariaDB", "mariadb");
		}

	}

	@Nested
	class SqlServerTopics extends JdbcTopicStoreTests {

		@Override
		protected TestDatabase openDatabase() {
			return TestDatabase.h2("MSSQLServer", "sqlserver");
		}

	}

}
