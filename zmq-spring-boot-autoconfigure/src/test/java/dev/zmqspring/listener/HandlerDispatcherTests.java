package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.zmqspring.listener.HandlerDispatcher.Handler;
import dev.zmqspring.support.ZmqHeaders;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.ZmqMessageFormatException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link HandlerDispatcher} chooses a handler, whatever order the handlers and their
 * topics come in.
 */
@Timeout(10)
class HandlerDispatcherTests {

	@Test
	void theLongestPrefixWinsWhateverTheOrderOfHandlersAndOfTheirTopics() throws Exception {
		Handler a = handler("a", List.of("a", "abc"), null);
		Handler b = handler("b", List.of("ab"), null);
		for (List<Handler> order : List.of(List.of(a, b), List.of(b, a))) {
			HandlerDispatcher dispatcher = new HandlerDispatcher(order, null, Map.of());
			assertThat(dispatcher.onMessage(topic("abcd"))).isEqualTo("a");
			assertThat(dispatcher.onMessage(topic("abx"))).isEqualTo("b");
			assertThat(dispatcher.onMessage(topic("ax"))).isEqualTo("a");
		}
		Handler c = handler("c", List.of("ab"), null);
		Handler d = handler("d", List.of("ab", "abc"), null);
		for (List<Handler> order : List.of(List.of(c, d), List.of(d, c))) {
			assertThat(new HandlerDispatcher(order, null, Map.of()).onMessage(topic("abcd"))).isEqualTo("d");
		}
	}

	@Test
	void aTopicNoHandlerDeclaresGoesToTheHandlersWithoutTopicsThenToTheDefault() throws Exception {
		Handler users = handler("users", List.of("user."), null);
		Handler rest = handler("rest", List.of(), null);
		assertThat(new HandlerDispatcher(List.of(users, rest), null, Map.of()).onMessage(topic("shop.opened")))
			.isEqualTo("rest");
		HandlerDispatcher withDefault = new HandlerDispatcher(List.of(users), handler("default", List.of(), null),
				Map.of());
		assertThat(withDefault.onMessage(topic("shop.opened"))).isEqualTo("default");
		assertThatExceptionOfType(ZmqMessageFormatException.class)
			.isThrownBy(() -> new HandlerDispatcher(List.of(users), null, Map.of()).onMessage(topic("shop.opened")))
			.withMessageContaining("No @ZmqHandler takes topic 'shop.opened'");
	}

	@Test
	void theTypeNameChoosesTheHandlerWhosePayloadIsExactlyThatClass() throws Exception {
		Handler numbers = handler("numbers", List.of(), Number.class);
		Handler integers = handler("integers", List.of(), Integer.class);
		HandlerDispatcher dispatcher = new HandlerDispatcher(List.of(numbers, integers), null,
				Map.of("int", Integer.class, "number", Number.class, "long", Long.class));
		assertThat(dispatcher.onMessage(typed("int"))).isEqualTo("integers");
		assertThat(dispatcher.onMessage(typed("number"))).isEqualTo("numbers");
		// A subclass of a handler's type is not read as that type.
		assertThatExceptionOfType(ZmqMessageFormatException.class).isThrownBy(() -> dispatcher.onMessage(typed("long")))
			.withMessageContaining("takes java.lang.Long");
		assertThatExceptionOfType(ZmqMessageFormatException.class)
			.isThrownBy(() -> dispatcher.onMessage(typed("java.lang.Integer")))
			.withMessageContaining("is not a name of zmq.type-mappings");
	}

	@Test
	void theOnlyCandidateTakesAMessageUnlessItNamesAMappedClassOfAnotherType() throws Exception {
		Handler placed = handler("placed", List.of(), Integer.class);
		HandlerDispatcher dispatcher = new HandlerDispatcher(List.of(placed), handler("default", List.of(), null),
				Map.of("int", Integer.class, "long", Long.class));
		assertThat(dispatcher.onMessage(typed(null))).isEqualTo("placed");
		assertThat(dispatcher.onMessage(typed("int"))).isEqualTo("placed");
		assertThat(dispatcher.onMessage(typed("someone-elses"))).isEqualTo("placed");
		assertThat(dispatcher.onMessage(typed("long"))).isEqualTo("default");
	}

	private static Handler handler(String name, List<String> topics, @Nullable Class<?> payloadType) {
		return new Handler(name, topics, payloadType, (message) -> name, false);
	}

	private static ZmqMessage topic(String topic) {
		byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
		return new ZmqMessage(List.of(topic.getBytes(StandardCharsets.UTF_8), payload), 0, topic, payload, "in", "SUB",
				Map.of());
	}

	private static ZmqMessage typed(@Nullable String type) {
		byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
		return new ZmqMessage(List.of(payload), 0, null, payload, "in", "PULL",
				(type != null) ? Map.of(ZmqHeaders.PAYLOAD_TYPE, type) : Map.of());
	}

}
