package dev.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames of durable topics between a member of a subscription group and the publisher
 * (see {@code docs/wire-format.md}): a fetch request, which carries the acknowledgements
 * of what the member processed, and its batch.
 * <p>
 * Request: one frame, a JSON object of strings: {@code zmq_fetch}, {@code fetch_id},
 * {@code group}, {@code start}, {@code max}, {@code wait_ms}, {@code ack} (the
 * acknowledged message ids, one a line), {@code failed} (the failed ones, one a line:
 * {@code id} or {@code id attempt}) and {@code topics} (the topic prefixes the group
 * takes, one a line; empty: every topic).
 * <p>
 * Reply body: {@code [batch]} then {@code [topic][headers][payload]} per message: a JSON
 * object of strings ({@code zmq_batch}, {@code count}, {@code lease_ms},
 * {@code fetch_id}).
 */
public final class GroupFetchFrames {

	/**
	 * The version of the frames, the value of {@code zmq_fetch} and {@code zmq_batch}.
	 */
	public static final String VERSION = "1";

	/** The longest a group name may be. */
	public static final int MAX_GROUP_LENGTH = 200;

	/** The most messages one fetch may ask for. */
	public static final int MAX_BATCH = 1000;

	/** The most message ids a fetch may acknowledge, or report failed. */
	public static final int MAX_IDS = 10_000;

	/** The longest the topics of a group may be, all lines together. */
	public static final int MAX_TOPICS_LENGTH = 4000;

	private static final byte[] EMPTY = new byte[0];

	private GroupFetchFrames() {
	}

	/**
	 * A fetch request of a group's member.
	 *
	 * @param fetchId the member's id of this fetch, echoed by the batch
	 * @param group the group
	 * @param fromEarliest where a new group starts: at the earliest retained message, or
	 * (false) at the next one published
	 * @param max the most messages to return
	 * @param waitMillis how long the publisher may hold the request while nothing is due
	 * @param acknowledged messages the member processed: their ids, and the attempt
	 * processed (0 when unknown)
	 * @param failed messages the member failed, to be delivered again after a back-off:
	 * their ids, and the attempt that failed (0 when unknown)
	 * @param topics the topic prefixes the group takes; empty: every topic
	 */
	public record Fetch(String fetchId, String group, boolean fromEarliest, int max, long waitMillis,
			Map<String, Integer> acknowledged, Map<String, Integer> failed, List<String> topics) {

		public Fetch {
			acknowledged = Map.copyOf(acknowledged);
			failed = Map.copyOf(failed);
			topics = List.copyOf(topics);
		}

	}

	/**
	 * A batch: the answer to a fetch.
	 *
	 * @param fetchId the id of the fetch answered
	 * @param leaseMillis how long the member has to acknowledge these messages before
	 * they are due again for the group
	 * @param messages the messages, each {@code [topic][headers][payload]}
	 */
	public record Batch(String fetchId, long leaseMillis, List<byte[][]> messages) {

		public Batch {
			messages = List.copyOf(messages);
		}

	}

	/** The one frame of a fetch request. */
	public static byte[] encode(Fetch fetch) {
		Map<String, String> head = new LinkedHashMap<>();
		head.put("zmq_fetch", VERSION);
		head.put("fetch_id", fetch.fetchId());
		head.put("group", fetch.group());
		head.put("start", fetch.fromEarliest() ? "earliest" : "latest");
		head.put("max", Integer.toString(fetch.max()));
		head.put("wait_ms", Long.toString(fetch.waitMillis()));
		head.put("ack", withAttempts(fetch.acknowledged()));
		head.put("failed", withAttempts(fetch.failed()));
		head.put("topics", String.join("\n", fetch.topics()));
		return utf8(HeadersJson.write(head));
	}

	/**
	 * Reads the frame of a fetch request.
	 * @throws ZmqMessageFormatException when it is not a fetch request
	 */
	public static Fetch decodeFetch(byte[] frame) {
		Map<String, String> head = head(frame);
		if (!VERSION.equals(head.get("zmq_fetch"))) {
			throw new ZmqMessageFormatException(
					"A fetch request is a JSON object with \"zmq_fetch\": \"" + VERSION + "\"");
		}
		String group = head.getOrDefault("group", "");
		if (group.isBlank() || group.length() > MAX_GROUP_LENGTH) {
			throw new ZmqMessageFormatException(
					"A fetch request names its group in \"group\": 1 to " + MAX_GROUP_LENGTH + " characters");
		}
		String start = head.getOrDefault("start", "latest");
		if (!start.equals("latest") && !start.equals("earliest")) {
			throw new ZmqMessageFormatException("\"start\" is \"latest\" or \"earliest\", not \"" + start + "\"");
		}
		int max = (int) number(head, "max", 100, MAX_BATCH);
		long wait = number(head, "wait_ms", 0, 60_000);
		String topics = head.getOrDefault("topics", "");
		if (topics.length() > MAX_TOPICS_LENGTH) {
			throw new ZmqMessageFormatException("\"topics\" has " + topics.length() + " characters, more than the "
					+ MAX_TOPICS_LENGTH + " a group's topics may have");
		}
		List<String> prefixes = topicLines(topics);
		if (prefixes.contains("")) {
			throw new ZmqMessageFormatException("\"topics\" has an empty line; for every topic send \"topics\": \"\"");
		}
		return new Fetch(head.getOrDefault("fetch_id", ""), group, start.equals("earliest"), max, wait,
				withAttempts(head.getOrDefault("ack", ""), "ack"),
				withAttempts(head.getOrDefault("failed", ""), "failed"), prefixes);
	}

	/** Message ids one a line, each followed by a space and its attempt when known. */
	private static String withAttempts(Map<String, Integer> attempts) {
		List<String> lines = new ArrayList<>();
		attempts.forEach((id, attempt) -> lines.add((attempt > 0) ? id + " " + attempt : id));
		return String.join("\n", lines);
	}

	private static Map<String, Integer> withAttempts(String text, String key) {
		List<String> lines = lines(text);
		if (lines.size() > MAX_IDS) {
			throw new ZmqMessageFormatException("\"" + key + "\" lists " + lines.size() + " message ids, more than the "
					+ MAX_IDS + " a fetch may");
		}
		Map<String, Integer> attempts = new LinkedHashMap<>();
		for (String line : lines) {
			int space = line.indexOf(' ');
			String id = (space < 0) ? line : line.substring(0, space);
			if (id.length() > 64) {
				throw new ZmqMessageFormatException("A message id has at most 64 characters");
			}
			int attempt = (space < 0) ? 0 : (int) parse(line.substring(space + 1).trim(), "an attempt", 1_000_000);
			attempts.put(id, attempt);
		}
		return attempts;
	}

	/**
	 * How many frames a batch of this many messages has as its member's DEALER socket
	 * receives it: the empty delimiter, the batch's first frame, three a message.
	 */
	public static int framesOfBatch(int messages) {
		return 2 + 3 * messages;
	}

	/**
	 * The most messages a batch may have for a member whose socket takes at most
	 * {@code maxFrames} frames a message (0: no limit).
	 */
	public static int messagesFitting(int maxFrames) {
		return (maxFrames <= 0) ? MAX_BATCH : Math.max(1, Math.min(MAX_BATCH, (maxFrames - 2) / 3));
	}

	/** The body frames of a batch. */
	public static byte[][] encode(Batch batch) {
		Map<String, String> head = new LinkedHashMap<>();
		head.put("zmq_batch", VERSION);
		head.put("fetch_id", batch.fetchId());
		head.put("count", Integer.toString(batch.messages().size()));
		head.put("lease_ms", Long.toString(batch.leaseMillis()));
		List<byte[]> frames = new ArrayList<>(1 + 3 * batch.messages().size());
		frames.add(utf8(HeadersJson.write(head)));
		for (byte[][] message : batch.messages()) {
			frames.addAll(List.of(message));
		}
		return frames.toArray(new byte[0][]);
	}

	/**
	 * Reads the body frames of a batch.
	 * @throws ZmqMessageFormatException when they are not a batch
	 */
	public static Batch decodeBatch(List<byte[]> body) {
		if (body.isEmpty()) {
			throw new ZmqMessageFormatException("A batch has at least one frame");
		}
		Map<String, String> head = head(body.get(0));
		if (!VERSION.equals(head.get("zmq_batch"))) {
			throw new ZmqMessageFormatException(
					"A batch's first frame is a JSON object with \"zmq_batch\": \"" + VERSION + "\"");
		}
		int count = (int) number(head, "count", 0, MAX_BATCH);
		if (body.size() != 1 + 3 * count) {
			throw new ZmqMessageFormatException(
					"A batch of " + count + " messages has " + (1 + 3 * count) + " frames, this one " + body.size());
		}
		List<byte[][]> messages = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			messages.add(new byte[][] { body.get(1 + 3 * i), body.get(2 + 3 * i), body.get(3 + 3 * i) });
		}
		return new Batch(head.getOrDefault("fetch_id", ""), number(head, "lease_ms", 5000, Long.MAX_VALUE), messages);
	}

	private static Map<String, String> head(byte[] frame) {
		try {
			return HeadersJson.read(string(frame));
		}
		catch (IllegalArgumentException ex) {
			throw new ZmqMessageFormatException("The first frame is not a JSON object of strings: " + ex.getMessage(),
					ex);
		}
	}

	private static long number(Map<String, String> head, String key, long absent, long max) {
		String value = head.get(key);
		return (value != null) ? parse(value, "\"" + key + "\"", max) : absent;
	}

	private static long parse(String value, String what, long max) {
		try {
			long number = Long.parseLong(value.trim());
			if (number < 0 || number > max) {
				throw new ZmqMessageFormatException(what + " is 0 to " + max + ", not " + number);
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new ZmqMessageFormatException(what + " is a whole number, not \"" + value + "\"");
		}
	}

	private static List<String> lines(String text) {
		List<String> lines = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (!line.isBlank()) {
				lines.add(line.trim());
			}
		}
		return lines;
	}

	/** Topic prefixes, one a line, kept as they are (a topic may end with a space). */
	private static List<String> topicLines(String text) {
		List<String> topics = new ArrayList<>();
		if (!text.isEmpty()) {
			topics.addAll(List.of(text.split("\n", -1)));
		}
		return topics;
	}

	private static String string(byte[] frame) {
		return new String(frame, StandardCharsets.UTF_8);
	}

	private static byte[] utf8(String text) {
		return text.isEmpty() ? EMPTY : text.getBytes(StandardCharsets.UTF_8);
	}

}
