package dev.zmqspring.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes and reads headers as a flat JSON object of strings, such as
 * {@code {"type":"order"}} (a number, {@code true} or {@code false} is read as its JSON
 * text): the headers frame on the wire, and the reliable stores' {@code headers} columns.
 * It has no dependency, so headers work without Jackson and whatever the payload
 * converter; keys are written sorted so that equal headers give equal text.
 * <p>
 * Internal: not for application code.
 */
public final class HeadersJson {

	private HeadersJson() {
	}

	/**
	 * Writes headers as a JSON object.
	 * @param headers the headers (no {@code null} key or value)
	 * @return the JSON text, {@code {}} when there are none
	 */
	public static String write(Map<String, String> headers) {
		StringBuilder json = new StringBuilder(2 + headers.size() * 32);
		json.append('{');
		for (Map.Entry<String, String> header : new TreeMap<>(headers).entrySet()) {
			if (json.length() > 1) {
				json.append(',');
			}
			writeString(json, header.getKey());
			json.append(':');
			writeString(json, header.getValue());
		}
		return json.append('}').toString();
	}

	/**
	 * Reads a JSON object of strings.
	 * @param json the JSON text
	 * @return the headers, in the order of the text
	 * @throws IllegalArgumentException when the text is not a JSON object whose values
	 * are all strings
	 */
	public static Map<String, String> read(String json) {
		return new Reader(json).readObject();
	}

	private static void writeString(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				default -> {
					// A lone surrogate is not valid UTF-8: a database column in UTF-8
					// would reject it unescaped.
					if (c < 0x20 || (Character.isSurrogate(c) && !isPairedSurrogate(value, i))) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	private static boolean isPairedSurrogate(String value, int i) {
		char c = value.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
	}

	private static final class Reader {

		private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

		private final String json;

		private int position;

		Reader(String json) {
			this.json = json;
		}

		Map<String, String> readObject() {
			Map<String, String> headers = new LinkedHashMap<>();
			skipWhitespace();
			expect('{');
			skipWhitespace();
			if (peek() == '}') {
				this.position++;
			}
			else {
				while (true) {
					skipWhitespace();
					String key = readString();
					skipWhitespace();
					expect(':');
					skipWhitespace();
					String value = (peek() == '"') ? readString() : readScalar(key);
					if (headers.put(key, value) != null) {
						throw fail("the key \"" + key + "\" appears twice");
					}
					skipWhitespace();
					char next = next();
					if (next == '}') {
						break;
					}
					if (next != ',') {
						this.position--;
						throw fail("expected ',' or '}'");
					}
				}
			}
			skipWhitespace();
			if (this.position < this.json.length()) {
				throw fail("unexpected text after the object");
			}
			return headers;
		}

		private String readString() {
			expect('"');
			StringBuilder value = new StringBuilder();
			while (true) {
				char c = next();
				if (c == '"') {
					return value.toString();
				}
				if (c < 0x20) {
					this.position--;
					throw fail("unescaped control character in a string");
				}
				if (c != '\\') {
					value.append(c);
					continue;
				}
				char escaped = next();
				switch (escaped) {
					case '"', '\\', '/' -> value.append(escaped);
					case 'n' -> value.append('\n');
					case 'r' -> value.append('\r');
					case 't' -> value.append('\t');
					case 'b' -> value.append('\b');
					case 'f' -> value.append('\f');
					case 'u' -> value.append(readHexChar());
					default -> {
						this.position--;
						throw fail("unknown escape \\" + escaped);
					}
				}
			}
		}

		/**
		 * A number, {@code true} or {@code false} where a string was expected, as its
		 * JSON text: a peer that writes {@code {"priority": 5}} means the header "5".
		 */
		private String readScalar(String key) {
			int start = this.position;
			while (this.position < this.json.length()
					&& "+-.0123456789eEtrufals".indexOf(this.json.charAt(this.position)) >= 0) {
				this.position++;
			}
			String text = this.json.substring(start, this.position);
			if (text.equals("true") || text.equals("false") || NUMBER.matcher(text).matches()) {
				return text;
			}
			this.position = start;
			throw fail("the value of \"" + key + "\" is not a string, a number, true or false");
		}

		private char readHexChar() {
			if (this.position + 4 > this.json.length()) {
				throw fail("incomplete \\u escape");
			}
			int code = 0;
			for (int i = 0; i < 4; i++) {
				int digit = Character.digit(this.json.charAt(this.position), 16);
				if (digit < 0) {
					throw fail("bad hex digit in a \\u escape");
				}
				code = code * 16 + digit;
				this.position++;
			}
			return (char) code;
		}

		private void skipWhitespace() {
			while (this.position < this.json.length()) {
				char c = this.json.charAt(this.position);
				if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
					return;
				}
				this.position++;
			}
		}

		private char peek() {
			if (this.position >= this.json.length()) {
				throw fail("unexpected end");
			}
			return this.json.charAt(this.position);
		}

		private char next() {
			char c = peek();
			this.position++;
			return c;
		}

		private void expect(char expected) {
			if (peek() != expected) {
				throw fail("expected '" + expected + "'");
			}
			this.position++;
		}

		private IllegalArgumentException fail(String problem) {
			return new IllegalArgumentException(
					"Headers are not a JSON object of strings: " + problem + " at position " + this.position);
		}

	}

}
