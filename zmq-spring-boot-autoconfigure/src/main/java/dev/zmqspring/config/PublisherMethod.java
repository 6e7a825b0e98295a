package dev.zmqspring.config;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;

/**
 * One method of a {@code @ZmqPublisher} interface, checked and prepared when the proxy is
 * created: where the payload and topic come from, and how the reply is read. Per call
 * only the send runs.
 */
final class PublisherMethod {

	private final String endpointName;

	private final int payloadIndex;

	private final int topicIndex;

	private final @Nullable String fixedTopic;

	private final boolean request;

	private final boolean async;

	private final boolean voidResult;

	private final ZmqMessageConverter.@Nullable PayloadReader replyReader;

	private final @Nullable Duration timeout;

	PublisherMethod(Method method, ZmqEndpoint endpoint, @Nullable Duration timeout, ZmqTemplate template,
			UnaryOperator<String> resolver) {
		String where = "@ZmqPublisher method " + method.getDeclaringClass().getName() + "." + method.getName() + "()";
		this.endpointName = endpoint.name();
		this.timeout = timeout;
		int payload = -1;
		int topic = -1;
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].isAnnotationPresent(ZmqTopic.class)) {
				if (parameters[i].getType() != String.class || topic >= 0) {
					throw new IllegalArgumentException(where + ": one @ZmqTopic parameter of type String at most");
				}
				topic = i;
			}
			else if (payload >= 0) {
				throw new IllegalArgumentException(where + ": more than one payload parameter; a message has one"
						+ " payload, so pass one object (a record of the fields) and mark a topic parameter @ZmqTopic");
			}
			else {
				payload = i;
			}
		}
		if (payload < 0) {
			throw new IllegalArgumentException(where + ": no payload parameter; declare the object to send");
		}
		this.payloadIndex = payload;
		this.topicIndex = topic;
		ZmqTopic methodTopic = method.getAnnotation(ZmqTopic.class);
		this.fixedTopic = (methodTopic != null) ? resolver.apply(methodTopic.value()) : null;
		if ((topic >= 0 || this.fixedTopic != null) && endpoint.type() != ZmqSocketType.PUB) {
			throw new IllegalArgumentException(
					where + ": @ZmqTopic needs a PUB endpoint, but '" + endpoint.name() + "' is " + endpoint.type()
							+ "; remove @ZmqTopic or change zmq.endpoints." + endpoint.name() + ".type");
		}
		// An at-least-once endpoint is one-way for the caller: the acknowledgement is the
		// dispatcher's business.
		this.request = endpoint.type().expectsReply() && !endpoint.reliable();
		Class<?> returnType = method.getReturnType();
		this.async = returnType == CompletableFuture.class;
		this.voidResult = returnType == void.class;
		if (!this.request && !this.voidResult) {
			throw new IllegalArgumentException(where + ": endpoint '" + endpoint.name() + "' is " + endpoint.type()
					+ (endpoint.reliable() ? " with at-least-once delivery: the method stores the message and returns"
							: " and gets no reply")
					+ ", so the method must return void");
		}
		if (this.async && !this.request) {
			throw new IllegalArgumentException(where + ": CompletableFuture needs a REQ or DEALER endpoint");
		}
		this.replyReader = this.request && !this.voidResult ? template.readerFor(replyType(method, where)) : null;
	}

	private static Type replyType(Method method, String where) {
		Type type = method.getGenericReturnType();
		if (method.getReturnType() == CompletableFuture.class) {
			if (!(type instanceof ParameterizedType parameterized)) {
				throw new IllegalArgumentException(where + ": declare the reply type, as CompletableFuture<Reply>");
			}
			return parameterized.getActualTypeArguments()[0];
		}
		return type;
	}

	@Nullable Object invoke(ZmqTemplate template, @Nullable Object[] args) {
		Object payload = args[this.payloadIndex];
		if (payload == null) {
			throw new IllegalArgumentException("Cannot send null on endpoint '" + this.endpointName + "'");
		}
		if (!this.request) {
			String topic = (this.topicIndex >= 0) ? (String) args[this.topicIndex] : this.fixedTopic;
			template.convertAndSend(this.endpointName, topic, payload, null);
			return null;
		}
		ZmqMessageConverter.PayloadReader reader = (this.replyReader != null) ? this.replyReader : bytes -> null;
		if (this.async) {
			return template.requestAndRead(this.endpointName, payload, this.timeout, reader);
		}
		Object result = template.requestAndAwait(this.endpointName, payload, this.timeout, reader);
		return this.voidResult ? null : result;
	}

}
