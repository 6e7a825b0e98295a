package dev.zmqspring.reliable;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Durable storage of the messages of durable topics and of what each subscription group
 * has still to acknowledge. The JDBC implementation writes to the application's
 * {@code DataSource}, inside the caller's transaction when one is active, so that a
 * business row and its message commit (or roll back) together.
 */
public interface TopicStore {

	/**
	 * Stores a published message and keeps it for the given groups; joins the caller's
	 * transaction when there is one.
	 * @param message the message
	 * @param groups the groups that take its topic
	 */
	void publish(TopicMessage message, Collection<String> groups);

	/**
	 * The groups known for an endpoint.
	 * @param endpoint the publishing endpoint's name
	 */
	List<TopicGroup> groups(String endpoint);

	/**
	 * Adds a group, unless it exists, in a transaction of its own (never the caller's):
	 * the group also gets every retained message of its topics published at or after
	 * {@code keepSince}, so that messages published by instances that did not know the
	 * group yet are not missed.
	 * @param endpoint the publishing endpoint's name
	 * @param group the group
	 * @param keepSince the oldest publication time (epoch milliseconds) kept for the
	 * group; 0 for every retained message
	 * @return whether the group was added
	 */
	boolean addGroup(String endpoint, TopicGroup group, long keepSince);

	/**
	 * Removes a group and what it has still to acknowledge.
	 * @return whether the group existed
	 */
	boolean removeGroup(String endpoint, String group);

	/**
	 * Changes the topics a group takes, for the messages published from now on.
	 */
	void updateTopics(String endpoint, String group, List<String> topics);

	/**
	 * Claims due messages of a group, in publish order: each is due again for the group
	 * only at {@code leaseUntil}, so no other member gets it before.
	 * @param endpoint the publishing endpoint's name
	 * @param group the group
	 * @param now the current time (epoch milliseconds)
	 * @param limit the maximum number of messages
	 * @param leaseUntil when the claimed messages are due again unless acknowledged
	 */
	List<TopicDelivery> claim(String endpoint, String group, long now, int limit, long leaseUntil);

	/**
	 * Claims as {@link #claim(String, String, long, int, long)} does, among the messages
	 * from a position in publish order on: a fetch server that knows what it claimed
	 * before starts after it, instead of walking the messages the group has in flight.
	 * The default claims among all, which is correct, only slower.
	 * @param fromSeq the lowest {@link TopicMessage#seq()} to claim;
	 * {@code Long.MIN_VALUE} for every message
	 */
	default List<TopicDelivery> claim(String endpoint, String group, long now, int limit, long leaseUntil,
			long fromSeq) {
		return claim(endpoint, group, now, limit, leaseUntil);
	}

	/**
	 * Acknowledges as {@link #acknowledge} does, then claims as
	 * {@link #claim(String, String, long, int, long, long)} does: a member's fetch. A
	 * store that can do both in one transaction does (the JDBC store: one commit a
	 * fetch); the default does one after the other.
	 * @param acknowledged per message id, the attempt acknowledged; 0 for any
	 */
	default List<TopicDelivery> acknowledgeAndClaim(String endpoint, String group, Map<String, Integer> acknowledged,
			long now, int limit, long leaseUntil, long fromSeq) {
		if (!acknowledged.isEmpty()) {
			acknowledge(endpoint, group, acknowledged);
		}
		return claim(endpoint, group, now, limit, leaseUntil, fromSeq);
	}

	/**
	 * Removes messages a group acknowledged: each only while it holds the attempt the
	 * acknowledgement is for, so that a late acknowledgement never removes a message
	 * delivered again since (to another member, or after a reset).
	 * @param attempts per message id, the attempt acknowledged; 0 for any
	 */
	void acknowledge(String endpoint, String group, Map<String, Integer> attempts);

	/**
	 * Makes messages a group's member failed due again at {@code nextAttemptAt}: each
	 * only while it holds the attempt that failed, so that a late failure never shortens
	 * the lease of another member.
	 * @param attempts per message id, the attempt that failed; 0 for any
	 * @param nextAttemptAt when they are due again (epoch milliseconds)
	 */
	void release(String endpoint, String group, Map<String, Integer> attempts, long nextAttemptAt);

	/**
	 * Moves a group to the latest message (it skips what is pending) or to the earliest
	 * retained one (it gets every retained message of its topics again).
	 * @return how many messages are pending for the group afterwards
	 */
	long reset(String endpoint, String group, boolean toEarliest);

	/** What a group has still to acknowledge. */
	GroupBacklog backlog(String endpoint, String group, long now);

	/**
	 * Removes the messages of an endpoint past retention: published before
	 * {@code publishedBefore}, or beyond the newest {@code maxPerTopic} of their topic.
	 * @param maxPerTopic how many messages of a topic to keep; 0 for no limit
	 * @return per group, how many messages it lost that it had not acknowledged
	 */
	Map<String, Long> expire(String endpoint, long publishedBefore, long maxPerTopic);

}
