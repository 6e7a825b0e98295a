package dev.zmqspring.listener;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.zmqspring.annotation.ZmqHeader;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.converter.JsonZmqMessageConverter;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How a listener method is called: every shape of parameters and return, with its own
 * exceptions passed through unchanged, and without reflection for the common shapes.
 */
@Timeout(30)
class MethodZmqMessageListenerTests {

	private final ZmqMessageConverter converter = new JsonZmqMessageConverter(JsonMapper.builder().build());

	@Test
	void voidMethodWithOnePayloadParameterGetsThePayload() throws Exception {
		Listeners bean = new Listeners();
		assertThat(listener(bean, "onBytes").onMessage(message("hello"))).isNull();
		assertThat(bean.calls).containsExactly("bytes:hello");
	}

	@Test
	void returnedValueIsTheReply() throws Exception {
		assertThat(listener(new Listeners(), "upperCase").onMessage(message("abc"))).isEqualTo("ABC");
	}

	@Test
	void methodWithoutParametersIsCalled() throws Exception {
		Listeners bean = new Listeners();
		assertThat(listener(bean, "ping").onMessage(message("ignored"))).isEqualTo("pong");
		assertThat(listener(bean, "tick").onMessage(message("ignored"))).isNull();
		assertThat(bean.calls).containsExactly("ping", "tick");
	}

	@Test
	void twoParametersAreResolvedInOrder() throws Exception {
		Listeners bean = new Listeners();
		assertThat(listener(bean, "withTopic").onMessage(subscription("prices", "42"))).isEqualTo("prices=42");
		assertThat(listener(bean, "withTopicVoid").onMessage(subscription("prices", "43"))).isNull();
		assertThat(bean.calls).containsExactly("prices:43");
	}

	@Test
	void threeParametersAreResolvedInOrder() throws Exception {
		Listeners bean = new Listeners();
		ZmqMessage message = new ZmqMessage(List.of("t".getBytes(StandardCharsets.UTF_8), bytes("p")), 0, "t",
				bytes("p"), "in", "SUB", Map.of("trace", "abc"));
		assertThat(listener(bean, "three").onMessage(message)).isEqualTo("p/abc/in");
	}

	@Test
	void primitiveParameterReadsTheJsonPayloadAndPrimitiveReturnIsBoxed() throws Exception {
		assertThat(listener(new Listeners(), "twice").onMessage(message("21"))).isEqualTo(42);
	}

	@Test
	void primitiveReturnOfAMethodWithAnObjectParameterIsBoxed() throws Exception {
		assertThat(listener(new Listeners(), "length").onMessage(message("four"))).isEqualTo(4);
	}

	@Test
	void checkedExceptionOfTheMethodPassesThroughUnchanged() {
		Listeners bean = new Listeners();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> listener(bean, "failChecked").onMessage(message("x")))
			.isSameAs(bean.checked);
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> listener(bean, "failCheckedThree").onMessage(message("x")))
			.isSameAs(bean.checked);
	}

	@Test
	void errorOfTheMethodPassesThroughUnchanged() {
		Listeners bean = new Listeners();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> listener(bean, "failError").onMessage(message("x")))
			.isSameAs(bean.error);
	}

	@Test
	void privateMethodOfAPrivateClassIsCalled() throws Exception {
		PrivateListener bean = new PrivateListener();
		listener(bean, PrivateListener.class, "onText").onMessage(message("secret"));
		assertThat(bean.received).containsExactly("secret");
	}

	@Test
	void staticMethodIsCalled() throws Exception {
		assertThat(listener(new Listeners(), "reverse").onMessage(message("abc"))).isEqualTo("cba");
	}

	@Test
	void interfaceMethodIsCalledOnAJdkProxy() throws Exception {
		List<String> seen = new ArrayList<>();
		Greeter proxy = (Greeter) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Greeter.class },
				(target, method, arguments) -> {
					seen.add((String) arguments[0]);
					return "hi " + arguments[0];
				});
		assertThat(listener(proxy, Greeter.class, "greet").onMessage(message("bob"))).isEqualTo("hi bob");
		assertThat(seen).containsExactly("bob");
	}

	@Test
	void methodsWithUpToTwoObjectParametersAreCalledWithoutReflection() {
		Listeners bean = new Listeners();
		for (String name : List.of("onBytes", "upperCase", "ping", "tick", "withTopic", "withTopicVoid", "reverse",
				"length")) {
			assertThat(MethodCaller.of(bean, accessible(Listeners.class, name)).isReflective()).as(name).isFalse();
		}
		assertThat(MethodCaller.of(bean, accessible(Listeners.class, "three")).isReflective()).isTrue();
		assertThat(MethodCaller.of(bean, accessible(Listeners.class, "twice")).isReflective()).isTrue();
	}

	@Test
	void withoutClassGenerationAsInANativeImageEveryMethodIsCalledByReflection() throws Exception {
		Listeners bean = new Listeners();
		MethodCaller caller = MethodCaller.of(bean, accessible(Listeners.class, "upperCase"), false);
		assertThat(caller.isReflective()).isTrue();
		assertThat(caller.call(new Object[] { "abc" })).isEqualTo("ABC");
	}

	@Test
	void methodThatTheBeanDoesNotHaveFailsPerMessageAsWithReflection() {
		MethodZmqMessageListener listener = listener(new Object(), "onBytes");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> listener.onMessage(message("x")));
	}

	private MethodZmqMessageListener listener(Object bean, String name) {
		return listener(bean, Listeners.class, name);
	}

	private MethodZmqMessageListener listener(Object bean, Class<?> type, String name) {
		return new MethodZmqMessageListener(bean, accessible(type, name), this.converter);
	}

	private static Method accessible(Class<?> type, String name) {
		for (Method method : type.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				ReflectionUtils.makeAccessible(method);
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	private static ZmqMessage message(String payload) {
		return new ZmqMessage(List.of(bytes(payload)), 0, null, bytes(payload), "in", "PULL", Map.of());
	}

	private static ZmqMessage subscription(String topic, String payload) {
		return new ZmqMessage(List.of(bytes(topic), bytes(payload)), 0, topic, bytes(payload), "in", "SUB", Map.of());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static class Listeners {

		final List<String> calls = new ArrayList<>();

		final IOException checked = new IOException("checked");

		final AssertionError error = new AssertionError("error");

		void onBytes(byte[] payload) {
			this.calls.add("bytes:" + new String(payload, StandardCharsets.UTF_8));
		}

		String upperCase(String payload) {
			return payload.toUpperCase();
		}

		String ping() {
			this.calls.add("ping");
			return "pong";
		}

		void tick() {
			this.calls.add("tick");
		}

		String withTopic(@ZmqTopic String topic, String payload) {
			return topic + "=" + payload;
		}

		void withTopicVoid(String payload, @ZmqTopic String topic) {
			this.calls.add(topic + ":" + payload);
		}

		String three(String payload, @ZmqHeader("trace") String trace, ZmqMessage message) {
			return payload + "/" + trace + "/" + message.getHeaders().get("zmq_endpoint");
		}

		int length(String payload) {
			return payload.length();
		}

		int twice(int value) {
			return value * 2;
		}

		void failChecked(String payload) throws IOException {
			throw this.checked;
		}

		void failCheckedThree(String payload, @ZmqTopic String topic, ZmqMessage message) throws IOException {
			throw this.checked;
		}

		void failError(String payload) {
			throw this.error;
		}

		static String reverse(String payload) {
			return new StringBuilder(payload).reverse().toString();
		}

	}

	private static final class PrivateListener {

		private final List<String> received = new ArrayList<>();

		private void onText(String payload) {
			this.received.add(payload);
		}

	}

	/** A listener interface, implemented by a JDK proxy. */
	public interface Greeter {

		String greet(String name);

	}

}
