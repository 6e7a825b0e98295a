package dev.zmqspring.reliable;

import java.util.List;

/**
 * A subscription group of a durable topic: every message of the topics it takes is kept
 * for it until one of its members acknowledges it.
 *
 * @param name the group name
 * @param topics the topic prefixes it takes; empty: every topic
 * @param createdAt when the publisher first kept a message for it (epoch milliseconds)
 */
public record TopicGroup(String name, List<String> topics, long createdAt) {

	public TopicGroup {
		topics = List.copyOf(topics);
	}

	/** Whether the group takes messages of a topic. */
	public boolean takes(String topic) {
		if (this.topics.isEmpty()) {
			return true;
		}
		for (String prefix : this.topics) {
			if (topic.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
