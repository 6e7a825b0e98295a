package dev.zmqspring.config;

import java.util.concurrent.CompletableFuture;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqSendTo;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqBindException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static dev.zmqspring.testsupport.StartupFailures.assertFailedWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @ZmqListener} that cannot work fails startup, and the message names the bean,
 * the method, the bad value and the fix.
 */
@Timeout(30)
class ListenerStartupFailureTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void unknownEndpointNameFailsStartupListingTheKnownOnes() {
		this.runner.withBean("orderListener", NamedEndpointListener.class)
			.withPropertyValues("zmq.endpoints.invoices.type=PULL", "zmq.endpoints.invoices.bind=inproc://lsf-invoices")
			.run(context -> assertFailedWith(context,
					"@ZmqListener on NamedEndpointListener.onOrder() of bean 'orderListener'",
					"no endpoint named 'orders'", "declare zmq.endpoints.orders.type and .bind or .connect",
					"known endpoints: invoices"));
	}

	@Test
	void unknownEndpointNameFailsStartupWhenNoEndpointIsDeclared() {
		this.runner.withBean("orderListener", NamedEndpointListener.class)
			.run(context -> assertFailedWith(context, "NamedEndpointListener.onOrder()", "no endpoint named 'orders'",
					"zmq.endpoints.orders.type"));
	}

	@ParameterizedTest
	@CsvSource({ "PUB, bind", "PUSH, connect", "REQ, connect", "DEALER, connect" })
	void listenerOnASendingEndpointFailsStartup(String type, String side) {
		this.runner.withBean("orderListener", NamedEndpointListener.class)
			.withPropertyValues("zmq.endpoints.orders.type=" + type,
					"zmq.endpoints.orders." + side + "=tcp://127.0.0.1:5557")
			.run(context -> assertFailedWith(context, "NamedEndpointListener.onOrder() of bean 'orderListener'",
					"socket type " + type + " cannot receive", "use one of SUB, PULL, REP, PAIR, ROUTER",
					"zmq.endpoints.orders.type"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "SUB", "PULL", "REP", "PAIR", "ROUTER" })
	void listenerOnAReceivingEndpointStarts(String type) {
		this.runner.withBean("orderListener", NamedEndpointListener.class)
			.withPropertyValues("zmq.endpoints.orders.type=" + type, "zmq.endpoints.orders.bind=inproc://lsf-receiving")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void inlineListenerWithSendingTypeFailsStartup() {
		this.runner.withBean("pushListener", InlinePushListener.class)
			.run(context -> assertFailedWith(context, "InlinePushListener.onMessage() of bean 'pushListener'",
					"socket type PUSH cannot receive", "use one of SUB, PULL, REP, PAIR, ROUTER"));
	}

	@Test
	void inlineListenerWithBindAndConnectFailsStartup() {
		this.runner.withBean("bothListener", BindAndConnectListener.class)
			.run(context -> assertFailedWith(context, "BindAndConnectListener.onMessage() of bean 'bothListener'",
					"both bind and connect are set", "keep one"));
	}

	@Test
	void inlineListenerWithoutAddressFailsStartup() {
		this.runner.withBean("nowhereListener", NoAddressListener.class)
			.run(context -> assertFailedWith(context, "NoAddressListener.onMessage() of bean 'nowhereListener'",
					"no address", "set bind (for example \"tcp://127.0.0.1:5557\") or connect"));
	}

	@Test
	void listenerWithoutEndpointOrTypeFailsStartup() {
		this.runner.withBean("bareListener", NoEndpointListener.class)
			.run(context -> assertFailedWith(context, "NoEndpointListener.onMessage() of bean 'bareListener'",
					"no endpoint", "set endpoint = \"<name of zmq.endpoints entry>\"",
					"or type (one of SUB, PULL, REP, PAIR, ROUTER)"));
	}

	@Test
	void inlineListenerWithUnknownTypeFailsStartupListingTheTypes() {
		this.runner.withBean("typoListener", UnknownTypeListener.class)
			.run(context -> assertFailedWith(context, "UnknownTypeListener.onMessage() of bean 'typoListener'",
					"unknown socket type 'PULLL'", "use one of PUB, SUB, PUSH, PULL, REQ, REP, PAIR, DEALER, ROUTER"));
	}

	@Test
	void listenerTypeThatContradictsTheEndpointFailsStartup() {
		this.runner.withBean("mismatchListener", MismatchedTypeListener.class)
			.withPropertyValues("zmq.endpoints.orders.type=PULL", "zmq.endpoints.orders.bind=inproc://lsf-mismatch")
			.run(context -> assertFailedWith(context, "MismatchedTypeListener.onMessage()", "type = \"SUB\"",
					"does not match zmq.endpoints.orders.type (PULL)"));
	}

	@Test
	void listenerWithEndpointAndAddressesFailsStartup() {
		this.runner.withBean("doubleListener", EndpointAndAddressListener.class)
			.withPropertyValues("zmq.endpoints.orders.type=PULL", "zmq.endpoints.orders.bind=inproc://lsf-double")
			.run(context -> assertFailedWith(context, "EndpointAndAddressListener.onMessage()",
					"give either endpoint = \"orders\" or bind/connect addresses, not both", "zmq.endpoints.orders"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			bind    | tcp:/x                 | malformed address 'tcp:/x'
			bind    | tcp://127.0.0.1        | malformed address 'tcp://127.0.0.1'
			bind    | tcp://127.0.0.1:99999  | port 99999 in 'tcp://127.0.0.1:99999' is out of range
			connect | tcp://127.0.0.1:*      | cannot connect to a wildcard port in 'tcp://127.0.0.1:*'
			""")
	void inlineListenerWithMalformedAddressFailsStartup(String side, String address, String problem) {
		Class<?> listener = side.equals("bind") ? PlaceholderBindListener.class : PlaceholderConnectListener.class;
		this.runner.withBean("addressListener", listener)
			.withPropertyValues("test.address=" + address)
			.run(context -> assertFailedWith(context,
					listener.getSimpleName() + ".onMessage() of bean 'addressListener'", problem, "tcp://127.0.0.1:"));
	}

	@Test
	void topicsOnANonSubListenerFailStartup() {
		this.runner.withBean("topicListener", PullWithTopicsListener.class)
			.run(context -> assertFailedWith(context, "PullWithTopicsListener.onMessage() of bean 'topicListener'",
					"topics are for SUB listeners, but the socket type is PULL", "remove the topics attribute"));
	}

	@Test
	void aTopicLongerThanASubscriptionMayBeFailsStartup() {
		this.runner.withBean("longTopicListener", LongTopicListener.class)
			.withPropertyValues("test.topic=" + "t".repeat(1024))
			.run(context -> assertFailedWith(context, "LongTopicListener.onMessage() of bean 'longTopicListener'",
					"is 1024 bytes, more than the 1023 a subscription may have", "subscribe to a shorter prefix"));
	}

	@Test
	void aTopicOfAnEndpointLongerThanASubscriptionMayBeFailsStartup() {
		this.runner
			.withPropertyValues("zmq.endpoints.news.type=SUB", "zmq.endpoints.news.connect=tcp://127.0.0.1:5999",
					"zmq.endpoints.news.topics=" + "é".repeat(512))
			.run(context -> assertFailedWith(context, "zmq.endpoints.news", "is 1024 bytes, more than the 1023"));
	}

	@Test
	void aOneWayListenerThatReturnsAValueFailsStartupNamingTheFixes() {
		this.runner.withBean("losingListener", ReturningPullListener.class)
			.run(context -> assertFailedWith(context, "ReturningPullListener.onMessage() of bean 'losingListener'",
					"returns String, but a PULL listener has no requester to answer and the value would be lost",
					"return void, or send the value on with @ZmqSendTo"));
	}

	@Test
	void sendToOnAListenerThatReturnsAFutureFailsStartup() {
		this.runner.withBean("futureListener", SendingFutureListener.class)
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=inproc://lsf-out")
			.run(context -> assertFailedWith(context, "SendingFutureListener.onMessage() of bean 'futureListener'",
					"returns a CompletableFuture; return the value itself"));
	}

	@Test
	void sendToOnARepListenerFailsStartup() {
		this.runner.withBean("repListener", SendingRepListener.class)
			.run(context -> assertFailedWith(context, "SendingRepListener.onMessage() of bean 'repListener'",
					"a REP listener answers its requester with its return value; remove @ZmqSendTo"));
	}

	@Test
	void sendToOnAVoidListenerFailsStartup() {
		this.runner.withBean("voidListener", SendingVoidListener.class)
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=inproc://lsf-out")
			.run(context -> assertFailedWith(context, "SendingVoidListener.onMessage() of bean 'voidListener'",
					"the method returns nothing"));
	}

	@Test
	void sendToAnEndpointThatCannotSendOneWayFailsStartup() {
		this.runner.withBean("requestingListener", SendingToReqListener.class)
			.withPropertyValues("zmq.endpoints.out.type=REQ", "zmq.endpoints.out.connect=inproc://lsf-out")
			.run(context -> assertFailedWith(context, "SendingToReqListener.onMessage() of bean 'requestingListener'",
					"names a REQ endpoint, which cannot send one way; name a PUSH, PUB or PAIR endpoint"));
	}

	@Test
	void zeroConcurrencyFailsStartup() {
		this.runner.withBean("busyListener", ZeroConcurrencyListener.class)
			.run(context -> assertFailedWith(context, "ZeroConcurrencyListener.onMessage() of bean 'busyListener'",
					"concurrency must be at least 1, was 0"));
	}

	@Test
	void concurrencyThatIsNotANumberFailsStartup() {
		this.runner.withBean("busyListener", TextConcurrencyListener.class)
			.run(context -> assertFailedWith(context, "TextConcurrencyListener.onMessage() of bean 'busyListener'",
					"concurrency: 'abc' is not a number", "use for example \"4\""));
	}

	@Test
	void twoPayloadParametersFailStartup() {
		this.runner.withBean("greedyListener", TwoPayloadsListener.class)
			.run(context -> assertFailedWith(context, "TwoPayloadsListener.onMessage() of bean 'greedyListener'",
					"more than one payload parameter ('second')", "@ZmqTopic or @ZmqHeader"));
	}

	@Test
	void topicParameterThatIsNotAStringFailsStartup() {
		this.runner.withBean("topicListener", BytesTopicListener.class)
			.run(context -> assertFailedWith(context, "BytesTopicListener.onMessage() of bean 'topicListener'",
					"parameter 'topic' with @ZmqTopic must be a String, not byte[]"));
	}

	@Test
	void bindOnATakenPortFailsStartupNamingTheEndpointAndAddress() {
		try (ZContext other = new ZContext(); ZMQ.Socket holder = other.createSocket(SocketType.PULL)) {
			holder.bind("tcp://127.0.0.1:*");
			String taken = holder.getLastEndpoint();
			this.runner.withBean("orderListener", NamedEndpointListener.class)
				.withPropertyValues("zmq.endpoints.orders.type=PULL", "zmq.endpoints.orders.bind=" + taken)
				.run(context -> {
					assertThat(context).getFailure().hasCauseInstanceOf(ZmqBindException.class);
					assertFailedWith(context, "Endpoint 'orders' (PULL) could not bind " + taken,
							"choose a free port in zmq.endpoints.orders.bind", "tcp://127.0.0.1:*");
				});
		}
	}

	@Test
	void inlineBindOnATakenPortFailsStartupNamingTheListenerAndAddress() {
		try (ZContext other = new ZContext(); ZMQ.Socket holder = other.createSocket(SocketType.PULL)) {
			holder.bind("tcp://127.0.0.1:*");
			String taken = holder.getLastEndpoint();
			this.runner.withBean("portListener", PlaceholderBindListener.class)
				.withPropertyValues("test.address=" + taken)
				.run(context -> assertFailedWith(context, "'portListener.onMessage'", "could not bind " + taken));
		}
	}

	@Test
	void inlineBindOnATakenPortPointsAtTheAnnotationNotAProperty() {
		try (ZContext other = new ZContext(); ZMQ.Socket holder = other.createSocket(SocketType.PULL)) {
			holder.bind("tcp://127.0.0.1:*");
			String taken = holder.getLastEndpoint();
			this.runner.withBean("portListener", PlaceholderBindListener.class)
				.withPropertyValues("test.address=" + taken)
				.run(context -> {
					String message = assertFailedWith(context, "could not bind " + taken);
					assertThat(message).doesNotContain("zmq.endpoints.portListener");
				});
		}
	}

	static class NamedEndpointListener {

		@ZmqListener(endpoint = "orders")
		void onOrder(String order) {
		}

	}

	static class InlinePushListener {

		@ZmqListener(type = "PUSH", bind = "inproc://lsf-push")
		void onMessage(String text) {
		}

	}

	static class BindAndConnectListener {

		@ZmqListener(type = "PULL", bind = "tcp://127.0.0.1:*", connect = "tcp://127.0.0.1:5557")
		void onMessage(String text) {
		}

	}

	static class NoAddressListener {

		@ZmqListener(type = "PULL")
		void onMessage(String text) {
		}

	}

	static class NoEndpointListener {

		@ZmqListener
		void onMessage(String text) {
		}

	}

	static class UnknownTypeListener {

		@ZmqListener(type = "PULLL", bind = "inproc://lsf-typo")
		void onMessage(String text) {
		}

	}

	static class MismatchedTypeListener {

		@ZmqListener(endpoint = "orders", type = "SUB")
		void onMessage(String text) {
		}

	}

	static class EndpointAndAddressListener {

		@ZmqListener(endpoint = "orders", bind = "inproc://lsf-other")
		void onMessage(String text) {
		}

	}

	static class PlaceholderBindListener {

		@ZmqListener(type = "PULL", bind = "${test.address}")
		void onMessage(String text) {
		}

	}

	static class PlaceholderConnectListener {

		@ZmqListener(type = "PULL", connect = "${test.address}")
		void onMessage(String text) {
		}

	}

	static class PullWithTopicsListener {

		@ZmqListener(type = "PULL", bind = "inproc://lsf-topics", topics = "user.")
		void onMessage(String text) {
		}

	}

	static class LongTopicListener {

		@ZmqListener(type = "SUB", connect = "tcp://127.0.0.1:5999", topics = "${test.topic}")
		void onMessage(String text) {
		}

	}

	static class ReturningPullListener {

		@ZmqListener(type = "PULL", bind = "inproc://lsf-returning")
		String onMessage(String text) {
			return text;
		}

	}

	static class SendingRepListener {

		@ZmqListener(type = "REP", bind = "inproc://lsf-rep")
		@ZmqSendTo("out")
		String onMessage(String text) {
			return text;
		}

	}

	static class SendingFutureListener {

		@ZmqListener(type = "PULL", bind = "inproc://lsf-future")
		@ZmqSendTo("out")
		CompletableFuture<String> onMessage(String text) {
			return CompletableFuture.completedFuture(text);
		}

	}

	static class SendingVoidListener {

		@ZmqListener(type = "PULL", bind = "inproc://lsf-void")
		@ZmqSendTo("out")
		void onMessage(String text) {
		}

	}

	static class SendingToReqListener {

		@ZmqListener(type = "PULL", bind = "inproc://lsf-to-req")
		@ZmqSendTo("out")
		String onMessage(String text) {
			return text;
		}

	}

	static class ZeroConcurrencyListener {

		@ZmqListener(type = "PULL", bind = "inproc://lsf-zero", concurrency = "0")
		void onMessage(String text) {
		}

	}

	static class TextConcurrencyListener {

		@ZmqListener(type = "PULL", bind = "inproc://lsf-abc", concurrency = "abc")
		void onMessage(String text) {
		}

	}

	static class TwoPayloadsListener {

		@ZmqListener(type = "PULL", bind = "inproc://lsf-two")
		void onMessage(String first, String second) {
		}

	}

	static class BytesTopicListener {

		@ZmqListener(type = "SUB", connect = "inproc://lsf-bytes-topic")
		void onMessage(@ZmqTopic byte[] topic, String text) {
		}

	}

}
