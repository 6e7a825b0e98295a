package dev.zmqspring.reliable;

import org.junit.jupiter.api.Timeout;

/**
 * The outbox contract in memory.
 */
@Timeout(30)
class InMemoryOutboxStoreTests extends OutboxStoreContractTests {

	@Override
	protected OutboxStore createStore() {
		return new InMemoryOutboxStore();
	}

}
