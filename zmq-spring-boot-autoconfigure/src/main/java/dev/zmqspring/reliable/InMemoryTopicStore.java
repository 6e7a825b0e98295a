package dev.zmqspring.reliable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link TopicStore} in memory: for tests and applications without a database. The
 * messages do not survive a restart.
 */
public final class InMemoryTopicStore implements TopicStore {

	private static final Comparator<TopicMessage> PUBLISH_ORDER = Comparator.comparingLong(TopicMessage::seq)
		.thenComparing(TopicMessage::messageId);

	/** Per endpoint, its messages in publish order. */
	private final Map<String, TreeMap<TopicMessage, TopicMessage>> messages = new HashMap<>();

	/** Per endpoint, its groups by name. */
	private final Map<String, Map<String, TopicGroup>> groups = new HashMap<>();

	/** Per endpoint and group, what the group has still to acknowledge, by message id. */
	private final Map<List<String>, Map<String, Pending>> pending = new HashMap<>();

	@Override
	public synchronized void publish(TopicMessage message, Collection<String> groupNames) {
		this.messages.computeIfAbsent(message.endpoint(), (name) -> new TreeMap<>(PUBLISH_ORDER)).put(message, message);
		for (String group : groupNames) {
			pendingOf(message.endpoint(), group).put(message.messageId(), new Pending(message, 0, message.createdAt()));
		}
	}

	@Override
	public synchronized List<TopicGroup> groups(String endpoint) {
		return List.copyOf(this.groups.getOrDefault(endpoint, Map.of()).values());
	}

	@Override
	public synchronized boolean addGroup(String endpoint, TopicGroup group, long keepSince) {
		Map<String, TopicGroup> known = this.groups.computeIfAbsent(endpoint, (name) -> new LinkedHashMap<>());
		if (known.putIfAbsent(group.name(), group) != null) {
			return false;
		}
		copyRetained(endpoint, group, keepSince);
		return true;
	}

	@Override
	public synchronized boolean removeGroup(String endpoint, String group) {
		this.pending.remove(List.of(endpoint, group));
		return this.groups.getOrDefault(endpoint, new HashMap<>()).remove(group) != null;
	}

	@Override
	public synchronized void updateTopics(String endpoint, String group, List<String> topics) {
		this.groups.getOrDefault(endpoint, new HashMap<>())
			.computeIfPresent(group, (name, known) -> new TopicGroup(name, topics, known.createdAt()));
	}

	@Override
	public List<TopicDelivery> claim(String endpoint, String group, long now, int limit, long leaseUntil) {
		return claim(endpoint, group, now, limit, leaseUntil, Long.MIN_VALUE);
	}

	@Override
	public synchronized List<TopicDelivery> claim(String endpoint, String group, long now, int limit, long leaseUntil,
			long fromSeq) {
		List<Pending> due = pendingOf(endpoint, group).values()
			.stream()
			.filter((waiting) -> waiting.dueAt() <= now && waiting.message().seq() >= fromSeq)
			.sorted(Comparator.comparing(Pending::message, PUBLISH_ORDER))
			.limit(Math.max(0, limit))
			.toList();
		List<TopicDelivery> claimed = new ArrayList<>(due.size());
		Map<String, Pending> waiting = pendingOf(endpoint, group);
		for (Pending message : due) {
			Pending taken = new Pending(message.message(), message.attempts() + 1, leaseUntil);
			waiting.put(message.message().messageId(), taken);
			claimed.add(new TopicDelivery(message.message(), taken.attempts()));
		}
		return claimed;
	}

	@Override
	public synchronized void acknowledge(String endpoint, String group, Map<String, Integer> attempts) {
		Map<String, Pending> waiting = pendingOf(endpoint, group);
		attempts.forEach((id, attempt) -> waiting.computeIfPresent(id,
				(key, message) -> (attempt == 0 || message.attempts() == attempt) ? null : message));
	}

	@Override
	public synchronized void release(String endpoint, String group, Map<String, Integer> attempts, long nextAttemptAt) {
		Map<String, Pending> waiting = pendingOf(endpoint, group);
		attempts.forEach((id, attempt) -> waiting.computeIfPresent(id,
				(key, message) -> (attempt == 0 || message.attempts() == attempt)
						? new Pending(message.message(), message.attempts(), nextAttemptAt) : message));
	}

	@Override
	public synchronized long reset(String endpoint, String group, boolean toEarliest) {
		Map<String, Pending> waiting = pendingOf(endpoint, group);
		waiting.clear();
		TopicGroup known = this.groups.getOrDefault(endpoint, Map.of()).get(group);
		if (toEarliest && known != null) {
			copyRetained(endpoint, known, 0);
		}
		return waiting.size();
	}

	@Override
	public synchronized GroupBacklog backlog(String endpoint, String group, long now) {
		Collection<Pending> waiting = pendingOf(endpoint, group).values();
		if (waiting.isEmpty()) {
			return GroupBacklog.NONE;
		}
		TopicMessage oldest = waiting.stream().map(Pending::message).min(PUBLISH_ORDER).orElseThrow();
		long inFlight = waiting.stream().filter((message) -> message.dueAt() > now && message.attempts() > 0).count();
		return new GroupBacklog(waiting.size(), inFlight, oldest.createdAt(), oldest.seq());
	}

	@Override
	public synchronized Map<String, Long> expire(String endpoint, long publishedBefore, long maxPerTopic) {
		TreeMap<TopicMessage, TopicMessage> log = this.messages.getOrDefault(endpoint, new TreeMap<>(PUBLISH_ORDER));
		Map<String, Integer> keptPerTopic = new HashMap<>();
		List<String> expired = new ArrayList<>();
		// Newest first, so that the newest of each topic are the ones kept.
		Iterator<TopicMessage> newestFirst = log.descendingKeySet().iterator();
		while (newestFirst.hasNext()) {
			TopicMessage message = newestFirst.next();
			int kept = keptPerTopic.merge(message.topic(), 1, Integer::sum);
			if (message.createdAt() < publishedBefore || (maxPerTopic > 0 && kept > maxPerTopic)) {
				newestFirst.remove();
				expired.add(message.messageId());
			}
		}
		Map<String, Long> lost = new LinkedHashMap<>();
		for (String group : this.groups.getOrDefault(endpoint, Map.of()).keySet()) {
			Map<String, Pending> waiting = pendingOf(endpoint, group);
			long count = expired.stream().filter((id) -> waiting.remove(id) != null).count();
			if (count > 0) {
				lost.put(group, count);
			}
		}
		return lost;
	}

	private void copyRetained(String endpoint, TopicGroup group, long keepSince) {
		Map<String, Pending> waiting = pendingOf(endpoint, group.name());
		for (TopicMessage message : this.messages.getOrDefault(endpoint, new TreeMap<>(PUBLISH_ORDER)).keySet()) {
			if (message.createdAt() >= keepSince && group.takes(message.topic())) {
				waiting.putIfAbsent(message.messageId(), new Pending(message, 0, 0));
			}
		}
	}

	private Map<String, Pending> pendingOf(String endpoint, String group) {
		return this.pending.computeIfAbsent(List.of(endpoint, group), (key) -> new HashMap<>());
	}

	private record Pending(TopicMessage message, int attempts, long dueAt) {
	}

}
