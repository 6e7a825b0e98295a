package dev.zmqspring.reliable;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The dead letter contract on a database, and the limits of its columns.
 */
@Timeout(30)
class JdbcDeadLetterStoreTests extends DeadLetterStoreContractTests {

	protected TestDatabase database;

	/** Opens the database of one test. */
	protected TestDatabase openDatabase() {
		return TestDatabase.h2();
	}

	@Override
	protected DeadLetterStore createStore() {
		this.database = openDatabase();
		return new JdbcDeadLetterStore(this.database.jdbcTemplate(), this.database.prefix());
	}

	@AfterEach
	void closeDatabase() {
		this.database.close();
	}

	@Test
	void errorLongerThanTheColumnIsCutToFit() {
		String error = "java.lang.IllegalStateException: x".repeat(ReliableSchema.ERROR_MAX_LENGTH);
		this.store.save(new DeadLetter("orders.handle", "m1", Map.of(), new byte[0], error, 1, 1000));

		assertThat(this.store.find("orders.handle", "m1"))
			.hasValueSatisfying((deadLetter) -> assertThat(deadLetter.error())
				.isEqualTo(error.substring(0, ReliableSchema.ERROR_MAX_LENGTH)));
	}

	@Test
	void errorIsNotCutInsideAUnicodeCharacter() {
		String error = "x".repeat(ReliableSchema.ERROR_MAX_LENGTH - 1) + "\uD83D\uDE00 more";
		this.store.save(new DeadLetter("orders.handle", "m1", Map.of(), new byte[0], error, 1, 1000));

		assertThat(this.store.find("orders.handle", "m1"))
			.hasValueSatisfying((deadLetter) -> assertThat(deadLetter.error())
				.isEqualTo("x".repeat(ReliableSchema.ERROR_MAX_LENGTH - 1)));
	}

	@Test
	void headersTooLongForTheColumnAreRefusedWithAClearMessage() {
		Map<String, String> headers = Map.of("big", "x".repeat(ReliableSchema.HEADERS_MAX_LENGTH));

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.store.save(new DeadLetter("orders.handle", "m1", headers, null, "e", 1, 1000)))
			.withMessageContaining("dead letter m1")
			.withMessageContaining("'orders.handle'")
			.withMessageContaining("at most 4000");
		assertThat(this.store.count()).isZero();
	}

}
