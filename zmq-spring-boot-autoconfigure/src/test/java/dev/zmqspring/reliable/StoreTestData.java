package dev.zmqspring.reliable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Awkward values that every store must keep exactly.
 */
final class StoreTestData {

	private StoreTestData() {
	}

	/** Every byte value, 0 to 255. */
	static byte[] allByteValues() {
		byte[] bytes = new byte[256];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) i;
		}
		return bytes;
	}

	/**
	 * Headers with quotes, backslashes, unicode, newlines and control characters in keys
	 * and values.
	 */
	static Map<String, String> awkwardHeaders() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("quote", "say \"hello\"");
		headers.put("back\\slash", "C:\\path\\to\\file \\\" \\u0041");
		headers.put("unicode", "Grüße, 日本語, emoji \uD83D\uDE00, accent é");
		headers.put("lines", "first\nsecond\r\nthird\ttabbed");
		headers.put("control", "\u0000\u0001\u001f\b\f");
		headers.put("json-looking", "{\"a\":[1,2]}, : ,");
		headers.put("slash", "a/b</script>");
		headers.put("empty", "");
		headers.put("ключ \"с\" кавычками", "value");
		return headers;
	}

}
