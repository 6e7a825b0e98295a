package dev.zmqspring.reliable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processed message contract in memory.
 */
@Timeout(30)
class InMemoryProcessedMessageStoreTests extends ProcessedMessageStoreContractTests {

	@Override
	protected ProcessedMessageStore createStore() {
		return new InMemoryProcessedMessageStore();
	}

	@Test
	void marksAreNotTransactionalSoTheCallerUnmarksAFailedListener() {
		assertThat(this.store.isTransactional()).isFalse();
	}

}
