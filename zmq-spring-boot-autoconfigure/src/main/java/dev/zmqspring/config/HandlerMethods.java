package dev.zmqspring.config;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.zmqspring.annotation.ZmqHandler;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.listener.HandlerDispatcher;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The {@link ZmqHandler} methods of a class-level {@code @ZmqListener}: found and checked
 * when the bean is created (topics, the default handler, what the socket subscribes to),
 * and checked again once their payload types are known, when the dispatcher is built (no
 * two handlers of one topic take one type, every type that must be named has a name).
 */
final class HandlerMethods {

	private HandlerMethods() {
	}

	/**
	 * The methods of a class annotated with {@link ZmqHandler}, with their annotation.
	 */
	static Map<Method, ZmqHandler> find(Class<?> targetClass) {
		return MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<ZmqHandler>) method -> AnnotatedElementUtils
					.findMergedAnnotation(method, ZmqHandler.class));
	}

	/**
	 * Resolves and checks the handlers' topics against the endpoint.
	 * @param found the handler methods, as declared, with their annotations
	 * @return the handlers, in a stable order
	 */
	static List<Declared> declare(Map<Method, ZmqHandler> found, ZmqEndpoint endpoint, UnaryOperator<String> resolver,
			String where) {
		if (found.isEmpty()) {
			throw new IllegalArgumentException(where + ": a class-level @ZmqListener hands each message to one of the"
					+ " class's @ZmqHandler methods, but it has none; annotate the methods that receive with"
					+ " @ZmqHandler, or move @ZmqListener onto the method");
		}
		List<Declared> handlers = new ArrayList<>();
		Declared defaultHandler = null;
		for (Map.Entry<Method, ZmqHandler> entry : found.entrySet()) {
			Method method = entry.getKey();
			String handlerWhere = where + ": @ZmqHandler " + method.getDeclaringClass().getSimpleName() + "."
					+ method.getName() + "()";
			Set<String> topics = new LinkedHashSet<>(AttributeResolver.resolveAll(resolver, entry.getValue().topics()));
			if (!topics.isEmpty()) {
				if (endpoint.type() != ZmqSocketType.SUB) {
					throw new IllegalArgumentException(handlerWhere + ": topics are for SUB listeners, but the socket"
							+ " type is " + endpoint.type() + "; remove the topics, and choose by payload type");
				}
				ZmqEndpoint.checkTopics(List.copyOf(topics), handlerWhere);
			}
			Declared handler = new Declared(method, handlerWhere, List.copyOf(topics), entry.getValue().isDefault());
			if (handler.isDefault()) {
				if (!topics.isEmpty()) {
					throw new IllegalArgumentException(handlerWhere + ": the default handler takes what no other"
							+ " handler does, whatever its topic; remove its topics, or isDefault");
				}
				if (defaultHandler != null) {
					throw new IllegalArgumentException(handlerWhere + ": " + defaultHandler.where()
							+ " is the default handler already; keep one isDefault = true");
				}
				defaultHandler = handler;
			}
			handlers.add(handler);
		}
		// Reflection's order of methods is not the source's: sort by name, so that
		// messages and lists read the same on every run.
		handlers.sort((a, b) -> a.where().compareTo(b.where()));
		for (Declared handler : handlers) {
			for (String topic : handler.topics()) {
				if (!reachable(topic, endpoint.topics())) {
					throw new IllegalArgumentException(handler.where() + ": handles topic '" + topic + "', but the"
							+ " listener subscribes to " + endpoint.topics() + " only, so it would never be called;"
							+ " add the topic to the listener's topics, or remove it from the handler");
				}
			}
		}
		checkTopicless(handlers, endpoint.topics());
		return handlers;
	}

	/**
	 * A handler without topics takes the messages whose topic no handler declares: when
	 * every topic the socket subscribes to is declared by a handler, there are none.
	 */
	private static void checkTopicless(List<Declared> handlers, List<String> subscriptions) {
		if (subscriptions.isEmpty()) {
			return;
		}
		for (String subscription : subscriptions) {
			boolean declared = handlers.stream()
				.anyMatch((handler) -> handler.topics().stream().anyMatch(subscription::startsWith));
			if (!declared) {
				return;
			}
		}
		for (Declared handler : handlers) {
			if (handler.topics().isEmpty() && !handler.isDefault()) {
				throw new IllegalArgumentException(handler.where() + ": declares no topics, so it takes messages"
						+ " whose topic no handler declares, but every topic the listener subscribes to "
						+ subscriptions
						+ " is declared by a handler, so it would never be called; give it topics, or remove it");
			}
		}
	}

	/**
	 * The endpoint with the topics to subscribe to: its own, or when it names none (every
	 * message) and every handler declares topics, the handlers' topics.
	 */
	static ZmqEndpoint subscription(ZmqEndpoint endpoint, List<Declared> handlers) {
		if (endpoint.type() != ZmqSocketType.SUB || !endpoint.topics().isEmpty()) {
			return endpoint;
		}
		Set<String> topics = new LinkedHashSet<>();
		for (Declared handler : handlers) {
			if (handler.topics().isEmpty()) {
				return endpoint;
			}
			topics.addAll(handler.topics());
		}
		return endpoint.withTopics(List.copyOf(topics));
	}

	private static boolean reachable(String topic, List<String> subscriptions) {
		if (subscriptions.isEmpty()) {
			return true;
		}
		for (String subscription : subscriptions) {
			if (topic.startsWith(subscription) || subscription.startsWith(topic)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Builds the dispatcher once each handler's listener and payload type are known.
	 * @param built the handlers, in the order of {@link #declare}, each with its
	 * {@link Declared}
	 * @throws IllegalArgumentException naming the handlers and the fix when a message
	 * could not be told apart
	 */
	static HandlerDispatcher dispatcher(Map<Declared, HandlerDispatcher.Handler> built, ZmqEndpoint endpoint,
			Map<String, Class<?>> typeMappings) {
		List<HandlerDispatcher.Handler> handlers = new ArrayList<>();
		HandlerDispatcher.Handler defaultHandler = null;
		Map<String, List<Map.Entry<Declared, HandlerDispatcher.Handler>>> byTopic = new LinkedHashMap<>();
		for (Map.Entry<Declared, HandlerDispatcher.Handler> entry : built.entrySet()) {
			if (entry.getKey().isDefault()) {
				defaultHandler = entry.getValue();
				continue;
			}
			handlers.add(entry.getValue());
			List<String> keys = entry.getKey().topics().isEmpty() ? List.of("") : entry.getKey().topics();
			for (String key : keys) {
				byTopic.computeIfAbsent(key, (topic) -> new ArrayList<>()).add(entry);
			}
		}
		byTopic.forEach((topic, group) -> checkTypes(topic, group, endpoint, typeMappings));
		return new HandlerDispatcher(handlers, defaultHandler, typeMappings);
	}

	/**
	 * Handlers of one topic are told apart by payload type, named in the headers frame:
	 * the endpoint must have one, and each handler must take a class that has a name in
	 * {@code zmq.type-mappings}, no two the same.
	 */
	private static void checkTypes(String topic, List<Map.Entry<Declared, HandlerDispatcher.Handler>> group,
			ZmqEndpoint endpoint, Map<String, Class<?>> typeMappings) {
		if (group.size() < 2) {
			return;
		}
		String of = topic.isEmpty() ? "without topics" : "of topic '" + topic + "'";
		if (!endpoint.headersFrame()) {
			throw new IllegalArgumentException(group.get(0).getKey().name() + ": several handlers " + of + " are"
					+ " chosen by the '" + dev.zmqspring.support.ZmqHeaders.PAYLOAD_TYPE + "' header, which travels in"
					+ " the headers frame, but the endpoint has none; set " + endpoint.settingName("headers-frame")
					+ "=true (and on the senders), or give the handlers different topics");
		}
		Map<Class<?>, String> seen = new LinkedHashMap<>();
		for (Map.Entry<Declared, HandlerDispatcher.Handler> entry : group) {
			String where = entry.getKey().name();
			Class<?> type = entry.getValue().payloadType();
			if (type == null) {
				throw new IllegalArgumentException(where + ": several handlers " + of + " are chosen by payload type,"
						+ " but this one takes no payload; give it a payload parameter, other topics, or isDefault"
						+ " = true");
			}
			String other = seen.put(type, where);
			if (other != null) {
				throw new IllegalArgumentException(where + ": " + other + " takes " + type.getSimpleName() + " " + of
						+ " too, so a message could not be told apart; give them different topics or payload"
						+ " types");
			}
			if (!typeMappings.containsValue(type)) {
				throw new IllegalArgumentException(where + ": several handlers " + of + " are chosen by payload type"
						+ " (the sender's '" + dev.zmqspring.support.ZmqHeaders.PAYLOAD_TYPE + "' header), but no"
						+ " name in zmq.type-mappings maps to " + type.getName() + "; add zmq.type-mappings.<name>="
						+ type.getName());
			}
		}
	}

	/**
	 * A handler method as declared.
	 *
	 * @param method the method as declared (its annotations)
	 * @param where where it is declared, for messages
	 * @param topics its topics
	 * @param isDefault whether it takes what no other does
	 */
	record Declared(Method method, String where, List<String> topics, boolean isDefault) {

		Declared {
			topics = List.copyOf(topics);
		}

		/** The method to invoke on a bean that may be a proxy. */
		Method invocableOn(Object bean) {
			return AopUtils.selectInvocableMethod(this.method, bean.getClass());
		}

		/** The method, for messages that say already which listener it belongs to. */
		String name() {
			return "@ZmqHandler " + this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName()
					+ "()";
		}

		/** The listener's view of the handler. */
		HandlerDispatcher.Handler handler(dev.zmqspring.listener.ZmqMessageListener listener,
				@Nullable Class<?> payloadType, boolean repliesLater) {
			return new HandlerDispatcher.Handler(
					this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName() + "()", this.topics,
					payloadType, listener, repliesLater);
		}

	}

}
