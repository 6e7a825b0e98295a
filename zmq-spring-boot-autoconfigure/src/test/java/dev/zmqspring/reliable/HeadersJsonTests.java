package dev.zmqspring.reliable;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.zmqspring.support.HeadersJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The headers columns hold standard JSON that any tool reads, and read back exactly what
 * was written.
 */
@Timeout(30)
class HeadersJsonTests {

	@Test
	void writesAnObjectOfEscapedStringsWithSortedKeys() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("b", "say \"hi\"\n");
		headers.put("a", "C:\\dir\t\u0001");

		assertThat(HeadersJson.write(headers)).isEqualTo("{\"a\":\"C:\\\\dir\\t\\u0001\",\"b\":\"say \\\"hi\\\"\\n\"}");
		assertThat(HeadersJson.write(Map.of())).isEqualTo("{}");
	}

	@Test
	void awkwardHeadersRoundTrip() {
		Map<String, String> headers = StoreTestData.awkwardHeaders();

		assertThat(HeadersJson.read(HeadersJson.write(headers))).containsExactlyInAnyOrderEntriesOf(headers);
	}

	@Test
	void loneSurrogatesAreEscapedAndRoundTrip() {
		Map<String, String> headers = Map.of("broken", "a\uD83Db\uDE00c");

		String json = HeadersJson.write(headers);

		assertThat(json).isEqualTo("{\"broken\":\"a\\ud83db\\ude00c\"}");
		assertThat(HeadersJson.read(json)).isEqualTo(headers);
	}

	@Test
	void readsJsonWrittenByOtherToolsWithWhitespaceAndEscapes() {
		String json = " {\n  \"type\" : \"order\",\r\n\t\"path\":\"a\\/b\",\"accent\":\"\\u00E9\\u00e8\",\"emoji\":\"\\ud83d\\ude00\" } ";

		assertThat(HeadersJson.read(json)).containsExactly(Map.entry("type", "order"), Map.entry("path", "a/b"),
				Map.entry("accent", "éè"), Map.entry("emoji", "\uD83D\uDE00"));
		assertThat(HeadersJson.read("{}")).isEmpty();
		assertThat(HeadersJson.read(" { } ")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "[]", "null", "{", "{\"a\"}", "{\"a\":}", "{\"a\":01}", "{\"a\":null}",
			"{\"a\":tru}", "{\"a\":1.}", "{\"a\":{\"b\":\"c\"}}", "{\"a\":\"b\"", "{\"a\":\"b\",}", "{\"a\":\"b\"} x",
			"{'a':'b'}", "{a:\"b\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}",
			"{\"a\":\"b\" \"c\":\"d\"}", "{\"a\":\"b\",\"a\":\"c\"}", "{\"a\":\"line\nbreak\"}" })
	void rejectsTextThatIsNotAnObjectOfStrings(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> HeadersJson.read(json))
			.withMessageStartingWith("Headers are not a JSON object of strings: ")
			.withMessageContaining(" at position ");
	}

	@Test
	void errorNamesTheProblemAndWhereItIs() {
		assertThatIllegalArgumentException().isThrownBy(() -> HeadersJson.read("{\"type\":[42]}"))
			.withMessage("Headers are not a JSON object of strings: the value of \"type\" is not a string, a number,"
					+ " true or false at position 8");
	}

	@Test
	void numbersAndBooleansAreReadAsTheirText() {
		// What json.dumps writes for {"priority": 5, "urgent": True, "ratio": -0.5e3}.
		assertThat(HeadersJson.read("{\"priority\": 5, \"urgent\": true, \"ratio\": -0.5e3, \"late\": false}"))
			.containsExactly(Map.entry("priority", "5"), Map.entry("urgent", "true"), Map.entry("ratio", "-0.5e3"),
					Map.entry("late", "false"));
	}

}
