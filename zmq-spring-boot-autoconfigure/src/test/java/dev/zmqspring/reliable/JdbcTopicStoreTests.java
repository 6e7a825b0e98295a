package dev.zmqspring.reliable;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JdbcTopicStoreTests extends TopicStoreContractTests {

	protected TestDatabase database;

	/** Opens the database of one test. */
	protected TestDatabase openDatabase() {
		return TestDatabase.h2();
	}

	@Override
	protected TopicStore createStore() {
		this.database = openDatabase();
		return new JdbcTopicStore(this.database.jdbcTemplate(), this.database.prefix());
	}

	@AfterEach
	void closeDatabase() {
		this.database.close();
	}

	@Test
	void aMessagePublishedInATransactionThatRollsBackIsKeptForNoGroup() {
		this.store.addGroup("events", new TopicGroup("email", List.of(), 0), 0);
		assertThatIllegalStateException()
			.isThrownBy(() -> this.database.transactions().executeWithoutResult((status) -> {
				this.store.publish(new TopicMessage("m1", "events", "t", Map.of(), new byte[0], 1, 100),
						List.of("email"));
				throw new IllegalStateException("business rule failed");
			}));

		assertThat(this.store.claim("events", "email", 1000, 10, 5000)).isEmpty();
		assertThat(this.store.backlog("events", "email", 1000).pending()).isZero();
	}

}
