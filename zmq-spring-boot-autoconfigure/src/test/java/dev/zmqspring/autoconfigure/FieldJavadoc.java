package dev.zmqspring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the javadoc of a properties class's fields from its source, as an IDE shows it
 * for keys the configuration metadata cannot list (the values of
 * {@code Map<String, Pojo>} properties, such as {@code zmq.endpoints.<name>.*}). Nested
 * classes are found by their simple name; fields of classes nested inside them are not
 * included.
 */
final class FieldJavadoc {

	private static final Path SOURCES = Path.of("src/main/java");

	private static final Pattern FIELD = Pattern.compile(
			// a javadoc comment, any annotations, then "private [final] Type name" and
			// "=" or ";"
			"/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*"
					+ "private\\s+(?:final\\s+)?[\\w.<>, ?@]+\\s+(\\w+)\\s*[=;]",
			Pattern.DOTALL);

	private FieldJavadoc() {
	}

	/**
	 * The javadoc text of each field of a class, by field name, own fields only.
	 * @param type the class (top-level or nested)
	 * @return the text, with comment markup and line breaks folded into single spaces
	 */
	static Map<String, String> of(Class<?> type) throws IOException {
		Class<?> topLevel = type;
		while (topLevel.getEnclosingClass() != null) {
			topLevel = topLevel.getEnclosingClass();
		}
		String source = Files.readString(SOURCES.resolve(topLevel.getName().replace('.', '/') + ".java"));
		String body = declarationBody(source, type);
		Map<String, String> result = new LinkedHashMap<>();
		Matcher matcher = FIELD.matcher(withoutNestedTypes(body));
		while (matcher.find()) {
			String text = matcher.group(1).replaceAll("(?m)^\\s*\\*", " ").replaceAll("\\s+", " ").trim();
			result.put(matcher.group(2), text);
		}
		return result;
	}

	private static String declarationBody(String source, Class<?> type) {
		Matcher declaration = Pattern.compile("\\b(?:class|enum|record)\\s+" + type.getSimpleName() + "\\b[^{]*\\{")
			.matcher(source);
		if (!declaration.find()) {
			throw new IllegalStateException("No declaration of " + type + " in its source");
		}
		return body(source, declaration.end() - 1);
	}

	/** The text between the brace at {@code open} and its matching close. */
	private static String body(String source, int open) {
		int depth = 0;
		for (int i = open; i < source.length(); i++) {
			char c = source.charAt(i);
			if (c == '{') {
				depth++;
			}
			else if (c == '}' && --depth == 0) {
				return source.substring(open + 1, i);
			}
		}
		throw new IllegalStateException("Unbalanced braces in source");
	}

	/**
	 * The body with the bodies of nested classes blanked out, so that their fields are
	 * not taken for ours.
	 */
	private static String withoutNestedTypes(String body) {
		StringBuilder result = new StringBuilder(body);
		Matcher nested = Pattern.compile("\\b(?:class|enum|record|interface)\\s+\\w+[^{;]*\\{").matcher(body);
		int from = 0;
		while (nested.find(from)) {
			int open = nested.end() - 1;
			String inner = body(body, open);
			for (int i = open + 1; i <= open + inner.length(); i++) {
				result.setCharAt(i, ' ');
			}
			from = open + inner.length() + 1;
		}
		return result.toString();
	}

}
