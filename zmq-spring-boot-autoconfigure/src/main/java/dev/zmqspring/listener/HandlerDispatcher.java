package dev.zmqspring.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.zmqspring.support.ZmqHeaders;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.ZmqMessageFormatException;
import org.jspecify.annotations.Nullable;

/**
 * The listener of a class-level {@code @ZmqListener}: hands each message to one of the
 * class's {@code @ZmqHandler} methods, chosen by the longest declared topic prefix the
 * message's topic starts with, then, among several, by the logical type name in its
 * {@link ZmqHeaders#PAYLOAD_TYPE} header (whose class must be a handler's payload type
 * exactly: the payload is read as that type), then the default handler. A message that
 * finds none fails with a {@link NoHandlerException}. The choices are checked at startup,
 * so that here each step is a short scan.
 * <p>
 * Internal: not for application code.
 */
public final class HandlerDispatcher implements ZmqMessageListener {

	private final List<Handler> handlers;

	private final List<Handler> withoutTopics;

	private final @Nullable Handler defaultHandler;

	private final Map<String, Class<?>> typeMappings;

	private final boolean byTopic;

	/**
	 * @param handlers the handlers but the default one
	 * @param defaultHandler the handler of what no other takes, or {@code null}
	 * @param typeMappings classes by the logical names senders give them
	 */
	public HandlerDispatcher(List<Handler> handlers, @Nullable Handler defaultHandler,
			Map<String, Class<?>> typeMappings) {
		this.handlers = List.copyOf(handlers);
		this.withoutTopics = handlers.stream().filter(handler -> handler.topics().isEmpty()).toList();
		this.defaultHandler = defaultHandler;
		this.typeMappings = Map.copyOf(typeMappings);
		this.byTopic = this.withoutTopics.size() < this.handlers.size();
	}

	@Override
	public @Nullable Object onMessage(ZmqMessage message) throws Exception {
		List<Handler> candidates = candidates(message.getTopic());
		Handler chosen = byType(candidates, message);
		if (chosen == null) {
			chosen = this.defaultHandler;
		}
		if (chosen == null) {
			throw new NoHandlerException(noHandler(candidates, message));
		}
		return chosen.listener().onMessage(message);
	}

	/** The handlers of the longest declared topic prefix, else those without topics. */
	private List<Handler> candidates(@Nullable String topic) {
		if (!this.byTopic || topic == null) {
			return this.withoutTopics;
		}
		int longest = -1;
		List<Handler> found = null;
		for (Handler handler : this.handlers) {
			int match = longestPrefix(handler, topic);
			if (match >= 0 && match >= longest) {
				if (match > longest) {
					longest = match;
					found = new ArrayList<>(2);
				}
				found.add(handler);
			}
		}
		return (found != null) ? found : this.withoutTopics;
	}

	/**
	 * The length of the longest of a handler's topics that a topic starts with, or -1.
	 */
	private static int longestPrefix(Handler handler, String topic) {
		int longest = -1;
		for (String prefix : handler.topics()) {
			if (prefix.length() > longest && topic.startsWith(prefix)) {
				longest = prefix.length();
			}
		}
		return longest;
	}

	/**
	 * The candidate whose payload type is the class the sender named, if any. The only
	 * candidate takes the message unless the sender named a mapped class of another type.
	 */
	private @Nullable Handler byType(List<Handler> candidates, ZmqMessage message) {
		if (candidates.isEmpty()) {
			return null;
		}
		String name = message.getHeaders().get(ZmqHeaders.PAYLOAD_TYPE);
		Class<?> type = (name != null) ? this.typeMappings.get(name) : null;
		if (candidates.size() == 1) {
			Handler only = candidates.get(0);
			return (type == null || only.payloadType() == null || only.payloadType() == type) ? only : null;
		}
		if (type == null) {
			return null;
		}
		for (Handler handler : candidates) {
			if (handler.payloadType() == type) {
				return handler;
			}
		}
		return null;
	}

	private String noHandler(List<Handler> candidates, ZmqMessage message) {
		String topic = message.getTopic();
		String name = message.getHeaders().get(ZmqHeaders.PAYLOAD_TYPE);
		if (candidates.isEmpty()) {
			return "No @ZmqHandler takes topic '" + truncate(String.valueOf(topic))
					+ "'; declare one with a topic prefix it starts with, or a"
					+ " handler without topics or with isDefault = true";
		}
		if (name == null && candidates.size() > 1) {
			return "The handlers " + names(candidates) + " differ by payload type, but the message has no '"
					+ ZmqHeaders.PAYLOAD_TYPE + "' header; the sender must name the type (a name mapped in"
					+ " zmq.type-mappings), or declare a handler with isDefault = true";
		}
		if (name == null || !this.typeMappings.containsKey(name)) {
			return "The message's " + ZmqHeaders.PAYLOAD_TYPE + " '" + truncate(String.valueOf(name))
					+ "' is not a name of"
					+ " zmq.type-mappings; map it to a class, or declare a handler with isDefault = true";
		}
		return "No handler of " + names(candidates) + " takes " + this.typeMappings.get(name).getName() + " (the"
				+ " message's " + ZmqHeaders.PAYLOAD_TYPE + " '" + name + "'); declare one, or a handler with"
				+ " isDefault = true";
	}

	private static List<String> names(List<Handler> handlers) {
		return handlers.stream().map(Handler::name).toList();
	}

	/** A peer's text, cut short before it goes into a log line. */
	private static String truncate(String text) {
		return (text.length() <= 64) ? text : text.substring(0, 64) + "...";
	}

	/** Whether a handler returns a value that completes later. */
	boolean mayReplyLater() {
		for (Handler handler : this.handlers) {
			if (handler.repliesLater()) {
				return true;
			}
		}
		return this.defaultHandler != null && this.defaultHandler.repliesLater();
	}

	/**
	 * One handler method.
	 *
	 * @param name the method, for messages
	 * @param topics the topic prefixes it handles (empty: any topic no other handler
	 * declares)
	 * @param payloadType the class its payload is read as, or {@code null}
	 * @param listener the method's listener
	 * @param repliesLater whether it returns a value that completes later
	 */
	public record Handler(String name, List<String> topics, @Nullable Class<?> payloadType, ZmqMessageListener listener,
			boolean repliesLater) {

		public Handler {
			topics = List.copyOf(topics);
		}

	}

	/**
	 * A message that none of a class's handlers takes: answered {@code BAD_REQUEST}, and
	 * dead-lettered at once on at-least-once endpoints (another attempt would fail too).
	 */
	static final class NoHandlerException extends ZmqMessageFormatException {

		private static final long serialVersionUID = 1L;

		NoHandlerException(String message) {
			super(message);
		}

	}

}
