package dev.zmqspring.config;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import dev.zmqspring.annotation.ZmqSendTo;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.listener.Promises;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * Checks, at startup, that a listener method's return value has somewhere to go, and
 * works out where: a reply, a {@link ZmqSendTo} endpoint, or nothing.
 */
final class ListenerReturnValue {

	private final UnaryOperator<String> resolver;

	/**
	 * @param resolver resolves placeholders and expressions in annotation attributes
	 */
	ListenerReturnValue(UnaryOperator<String> resolver) {
		this.resolver = resolver;
	}

	/**
	 * Where the method's return value goes: back to the requester on REP and ROUTER
	 * endpoints ({@code null} here), to the {@link ZmqSendTo} endpoint on one-way ones
	 * and on at-least-once ones (whose reply is the acknowledgement). A listener that
	 * returns a value with nowhere to send it would lose it: that fails startup.
	 */
	@Nullable String sendTo(Method method, ZmqEndpoint endpoint, ZmqEndpointCatalog catalog, String where) {
		String sendTo = sendToName(method, where);
		ResolvableType returned = ResolvableType.forMethodReturnType(method);
		Class<?> returnedClass = returned.resolve(Object.class);
		if (Future.class.isAssignableFrom(returnedClass) && !Promises.isPromise(returnedClass)) {
			throw new IllegalArgumentException(where + ": returns a " + returnedClass.getSimpleName() + ", which cannot"
					+ " say when it is done, so its outcome would be lost; return a CompletableFuture (or"
					+ " CompletionStage)");
		}
		boolean returnsValue = returnsValue(returned);
		if (endpoint.type().repliesToRequests() && !endpoint.reliable()) {
			checkReplyType(returned, where);
			if (sendTo != null) {
				throw new IllegalArgumentException(where + ": a " + endpoint.type() + " listener answers its requester"
						+ " with its return value; remove @ZmqSendTo, or receive on a one-way endpoint (PULL, SUB,"
						+ " PAIR)");
			}
			return null;
		}
		String kind = endpoint.reliable()
				? "an at-least-once " + endpoint.type() + " listener, which answers with" + " its acknowledgement,"
				: "a " + endpoint.type() + " listener";
		if (sendTo == null) {
			if (returnsValue) {
				throw new IllegalArgumentException(where + ": returns " + returnedClass.getSimpleName() + ", but "
						+ kind + " has no requester to answer and the value would be lost; return void,"
						+ " or send the value on with @ZmqSendTo(\"<endpoint>\")");
			}
			return null;
		}
		if (!returnsValue) {
			throw new IllegalArgumentException(where + ": @ZmqSendTo sends the method's return value on, but the"
					+ " method returns nothing; return the value to send, or remove @ZmqSendTo");
		}
		// A plain Future was refused above.
		if (Promises.isPromise(returnedClass) || isReactive(returnedClass)) {
			throw new IllegalArgumentException(where + ": @ZmqSendTo sends the value the method returns, but it"
					+ " returns a " + returnedClass.getSimpleName() + "; return the value itself");
		}
		String name = this.resolver.apply(sendTo).trim();
		ZmqEndpoint target = catalog.get(name, where + " @ZmqSendTo");
		boolean oneWay = target.type().canPublish() && (!target.type().expectsReply() || target.reliable());
		if (!oneWay) {
			throw new IllegalArgumentException(where + ": @ZmqSendTo(\"" + name + "\") names a " + target.type()
					+ " endpoint, which cannot send one way; name a PUSH, PUB or PAIR endpoint (or an at-least-once"
					+ " DEALER)");
		}
		return name;
	}

	/**
	 * The endpoint named by {@link ZmqSendTo} or by Spring's {@link SendTo} (one
	 * destination: a message is sent to one endpoint), or {@code null}.
	 */
	private static @Nullable String sendToName(Method method, String where) {
		ZmqSendTo ours = AnnotatedElementUtils.findMergedAnnotation(method, ZmqSendTo.class);
		SendTo spring = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
		if (ours != null && spring != null) {
			throw new IllegalArgumentException(
					where + ": both @ZmqSendTo and @SendTo name where the return value" + " goes; keep one");
		}
		if (spring == null) {
			return (ours != null) ? ours.value() : null;
		}
		if (spring.value().length != 1) {
			throw new IllegalArgumentException(where + ": @SendTo names " + spring.value().length + " destinations,"
					+ " but the return value goes to one endpoint; name one endpoint under zmq.endpoints");
		}
		return spring.value()[0];
	}

	/**
	 * A request gets one reply, which the receive loop must be able to wait for without
	 * blocking: a {@code CompletionStage} or a {@code Mono} does, a plain {@link Future}
	 * or a stream of values does not.
	 */
	private static void checkReplyType(ResolvableType returned, String where) {
		Class<?> raw = returned.resolve(Object.class);
		if (Promises.isPromise(raw)) {
			return;
		}
		if (isReactive(raw)) {
			throw new IllegalArgumentException(where + ": returns a " + raw.getSimpleName() + ", but a request gets"
					+ " one reply; return a Mono or a CompletableFuture of the reply");
		}
	}

	private static boolean isReactive(Class<?> type) {
		return type != Object.class && ReactiveAdapterRegistry.getSharedInstance().getAdapter(type) != null;
	}

	/**
	 * Whether the method gives a value back: not {@code void}, nor a future or
	 * {@code Mono} of {@code Void} (a listener that runs asynchronously and returns
	 * nothing).
	 */
	private static boolean returnsValue(ResolvableType returned) {
		Class<?> raw = returned.resolve(Object.class);
		if (raw == void.class || raw == Void.class) {
			return false;
		}
		if (Future.class.isAssignableFrom(raw) || Promises.isPromise(raw)) {
			Class<?> value = returned.as(Future.class).getGeneric(0).resolve();
			if (value == null) {
				value = returned.as(CompletionStage.class).getGeneric(0).resolve();
			}
			if (value == null) {
				value = returned.getGeneric(0).resolve();
			}
			return value != Void.class;
		}
		return true;
	}

}
