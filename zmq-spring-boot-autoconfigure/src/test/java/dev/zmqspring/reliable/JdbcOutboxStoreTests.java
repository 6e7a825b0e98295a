package dev.zmqspring.reliable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.dao.DuplicateKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The outbox contract on a database, and what only a database gives: the message commits
 * or rolls back with the business data saved in the same transaction.
 */
@Timeout(30)
class JdbcOutboxStoreTests extends OutboxStoreContractTests {

	protected TestDatabase database;

	/** Opens the database of one test. */
	protected TestDatabase openDatabase() {
		return TestDatabase.h2();
	}

	@Override
	protected OutboxStore createStore() {
		this.database = openDatabase();
		this.database.jdbcTemplate().execute("create table " + this.database.prefix() + "orders (id varchar(20))");
		return new JdbcOutboxStore(this.database.jdbcTemplate(), this.database.prefix());
	}

	@AfterEach
	void closeDatabase() {
		this.database.jdbcTemplate().execute("drop table " + this.database.prefix() + "orders");
		this.database.close();
	}

	@Test
	void messageSavedInATransactionThatRollsBackIsNeverSent() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.database.transactions().executeWithoutResult((status) -> {
				insertOrder("o1");
				this.store.save(message("m1", "orders", 100, 100));
				throw new IllegalStateException("business rule failed");
			}));

		assertThat(this.store.findDue("orders", 1000, 10)).isEmpty();
		assertThat(this.store.count("orders")).isZero();
		assertThat(orderCount()).isZero();
	}

	@Test
	void messageSavedInATransactionIsSentOnlyOnceItCommits() {
		this.database.transactions().executeWithoutResult((status) -> {
			insertOrder("o1");
			this.store.save(message("m1", "orders", 100, 100));
			// Another connection must not see the message before the commit.
			assertThat(countOutsideTransaction()).isZero();
		});

		assertThat(this.store.findDue("orders", 1000, 10)).extracting(OutboxMessage::messageId).containsExactly("m1");
		assertThat(orderCount()).isOne();
	}

	@Test
	void savingADuplicateIdFailsWithDuplicateKeyException() {
		this.store.save(message("m1", "orders", 100, 100));

		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.store.save(message("m1", "orders", 100, 100)));
	}

	@Test
	void headersTooLongForTheColumnAreRefusedWithAClearMessage() {
		Map<String, String> headers = Map.of("big", "x".repeat(ReliableSchema.HEADERS_MAX_LENGTH));

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.save(new OutboxMessage("m1", "orders", headers, new byte[0], 100, 0, 100)))
			.withMessageContaining("message m1")
			.withMessageContaining("'orders'")
			.withMessageContaining("at most 4000");
		assertThat(this.store.count("orders")).isZero();
	}

	private void insertOrder(String id) {
		this.database.jdbcTemplate().update("insert into " + this.database.prefix() + "orders (id) values (?)", id);
	}

	private long orderCount() {
		return this.database.jdbcTemplate()
			.queryForObject("select count(*) from " + this.database.prefix() + "orders", Long.class);
	}

	private long countOutsideTransaction() {
		try (Connection connection = this.database.dataSource().getConnection();
				ResultSet rows = connection.createStatement()
					.executeQuery("select count(*) from " + this.database.prefix() + "outbox")) {
			rows.next();
			return rows.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
