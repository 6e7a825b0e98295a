package dev.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The headers frame has a format of its own (a JSON object of strings in UTF-8), limits,
 * and names no sender may use.
 */
@Timeout(30)
class HeadersFrameCodecTests {

	private final HeadersFrameCodec codec = new HeadersFrameCodec();

	@Test
	void writesAndReadsAnObjectOfStrings() {
		Map<String, String> headers = Map.of("source", "web", "note", "déjà \"vu\" \uD83D\uDE00");
		byte[] frame = this.codec.encode(headers);
		assertThat(new String(frame, StandardCharsets.UTF_8))
			.isEqualTo("{\"note\":\"déjà \\\"vu\\\" \uD83D\uDE00\",\"source\":\"web\"}");
		assertThat(this.codec.decode(frame)).isEqualTo(headers);
		assertThat(this.codec.decode("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "[]", "null", "{\"a\":null}", "{\"a\":{\"b\":\"c\"}}", "{\"a\":\"b\",\"a\":\"c\"}",
			"{\"a\":\"b\"} trailing" })
	void anythingButAFlatObjectOfStringsIsAFormatError(String text) {
		assertThatExceptionOfType(ZmqMessageFormatException.class)
			.isThrownBy(() -> this.codec.decode(text.getBytes(StandardCharsets.UTF_8)))
			.withMessageStartingWith("The headers frame is not a JSON object of strings");
	}

	@Test
	void aFrameThatIsNotUtf8IsAFormatError() {
		assertThatExceptionOfType(ZmqMessageFormatException.class)
			.isThrownBy(() -> this.codec.decode(new byte[] { '{', '"', (byte) 0xC3, '"', ':', '"', '"', '}' }))
			.withMessage("The headers frame is not UTF-8");
	}

	@ParameterizedTest
	@ValueSource(strings = { "zmq_topic", "zmq_identity", "zmq_endpoint", "zmq_socket_type", "zmq_anything" })
	void namesOnlyTheReceivingSideSetsCanNeitherBeSentNorReceived(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(Map.of(name, "x")))
			.withMessageContaining("Header '" + name + "' cannot be sent");
		byte[] forged = ("{\"" + name + "\":\"x\"}").getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(ZmqMessageFormatException.class).isThrownBy(() -> this.codec.decode(forged))
			.withMessageContaining("sets '" + name + "'");
	}

	@Test
	void framesAndHeadersBeyondTheLimitsAreRefusedOnBothSides() {
		Map<String, String> large = Map.of("big", "x".repeat(HeadersFrameCodec.MAX_BYTES));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(large))
			.withMessageContaining("more than the 8192 a headers frame may have");
		byte[] largeFrame = ("{\"big\":\"" + "x".repeat(HeadersFrameCodec.MAX_BYTES) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(ZmqMessageFormatException.class).isThrownBy(() -> this.codec.decode(largeFrame))
			.withMessageContaining("more than the 8192 it may have");

		Map<String, String> many = new HashMap<>();
		for (int i = 0; i <= HeadersFrameCodec.MAX_HEADERS; i++) {
			many.put("h" + i, "");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(many))
			.withMessageContaining("at most 64 headers, not 65");
		byte[] manyFrame = HeadersJson.write(many).getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(ZmqMessageFormatException.class).isThrownBy(() -> this.codec.decode(manyFrame))
			.withMessageContaining("65 headers, more than the 64 allowed");
	}

}
