package dev.zmqspring.reliable;

class InMemoryTopicStoreTests extends TopicStoreContractTests {

	@Override
	protected TopicStore createStore() {
		return new InMemoryTopicStore();
	}

}
