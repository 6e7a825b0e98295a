package dev.zmqspring.reliable;

import org.junit.jupiter.api.Timeout;

/**
 * The dead letter contract in memory.
 */
@Timeout(30)
class InMemoryDeadLetterStoreTests extends DeadLetterStoreContractTests {

	@Override
	protected DeadLetterStore createStore() {
		return new InMemoryDeadLetterStore();
	}

}
