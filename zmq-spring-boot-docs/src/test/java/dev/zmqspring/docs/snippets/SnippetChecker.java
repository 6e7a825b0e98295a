package dev.zmqspring.docs.snippets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the fenced code blocks of one markdown file against the sources they are taken from.
 * <p>
 * The convention: the line right before a fenced block is {@code <!-- snippet: path#tag -->} (or
 * {@code <!-- snippet: path -->} for a whole file), the path relative to the repository's root. The block must equal
 * the lines between the line that contains {@code tag::tag[]} and the line that contains {@code end::tag[]} in that
 * file, in any comment syntax. Both sides are compared after turning each leading tab into four spaces, removing the
 * common indentation, trailing white space and the blank lines at either end; lines of other tags' markers inside a
 * region are left out. Blocks in java, xml, yaml, yml or properties must have a marker; shell, text, json and python
 * blocks may have none; any other language, or none, is refused so that nothing escapes the check by accident.
 */
final class SnippetChecker {

	static final Set<String> MARKER_REQUIRED = Set.of("java", "xml", "yaml", "yml", "properties");

	static final Set<String> MARKER_OPTIONAL = Set.of("shell", "text", "json", "python");

	private static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*([A-Za-z0-9_+-]*)\\s*$");

	private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*([^#\\s]+)(?:#(\\S+))?\\s*-->\\s*$");

	private static final Pattern ANY_TAG_LINE = Pattern.compile("(tag|end)::[^\\[\\s]+\\[\\]");

	private final Path root;

	SnippetChecker(Path root) {
		this.root = root;
	}

	/**
	 * Checks one markdown file.
	 * @param markdown the file, under the root
	 * @return one message per problem, each naming the file and line; empty when every block is right
	 */
	List<String> check(Path markdown) {
		String name = this.root.relativize(markdown).toString().replace('\\', '/');
		List<String> lines = read(markdown);
		List<String> problems = new ArrayList<>();
		int index = 0;
		while (index < lines.size()) {
			Matcher marker = MARKER.matcher(lines.get(index));
			if (marker.matches()) {
				boolean fenceFollows = index + 1 < lines.size() && FENCE.matcher(lines.get(index + 1)).matches();
				if (!fenceFollows) {
					problems.add(name + ":" + (index + 1)
							+ ": a snippet marker must be the line right before a fenced code block");
				}
				index++;
				continue;
			}
			Matcher fence = FENCE.matcher(lines.get(index));
			if (!fence.matches()) {
				index++;
				continue;
			}
			int open = index;
			String indent = fence.group(1);
			String language = fence.group(2).toLowerCase();
			List<String> block = new ArrayList<>();
			index++;
			while (index < lines.size() && !lines.get(index).strip().equals("```")) {
				String line = lines.get(index);
				block.add(line.startsWith(indent) ? line.substring(indent.length()) : line);
				index++;
			}
			if (index == lines.size()) {
				problems.add(name + ":" + (open + 1) + ": the fenced block is never closed");
				break;
			}
			index++;
			Matcher before = (open > 0) ? MARKER.matcher(lines.get(open - 1)) : null;
			boolean marked = before != null && before.matches();
			if (!MARKER_REQUIRED.contains(language) && !MARKER_OPTIONAL.contains(language)) {
				problems.add(name + ":" + (open + 1) + ": a code block needs a language: one of " + new TreeSet<>(MARKER_REQUIRED)
						+ " (checked against a source file) or " + new TreeSet<>(MARKER_OPTIONAL) + "; found '" + language
						+ "'");
				continue;
			}
			if (!marked) {
				if (MARKER_REQUIRED.contains(language)) {
					problems.add(name + ":" + (open + 1) + ": a " + language
							+ " block needs a '<!-- snippet: path#tag -->' line right before it, naming the source"
							+ " file (and tag region) that holds the same code");
				}
				continue;
			}
			String problem = compare(block, before.group(1), before.group(2));
			if (problem != null) {
				problems.add(name + ":" + (open + 1) + ": " + problem);
			}
		}
		return problems;
	}

	private String compare(List<String> block, String path, String tag) {
		String source = path + ((tag != null) ? "#" + tag : "");
		Path file = this.root.resolve(path).normalize();
		if (!file.startsWith(this.root) || !Files.isRegularFile(file)) {
			return "the snippet's file " + path + " does not exist";
		}
		List<String> region = region(read(file), tag);
		if (region == null) {
			return "no region 'tag::" + tag + "[]' ... 'end::" + tag + "[]' in " + path;
		}
		List<String> expected = normalize(region);
		List<String> actual = normalize(block);
		int common = Math.min(expected.size(), actual.size());
		for (int line = 0; line < common; line++) {
			if (!expected.get(line).equals(actual.get(line))) {
				return "line " + (line + 1) + " of the block differs from " + source + ":\n    source:   "
						+ expected.get(line) + "\n    markdown: " + actual.get(line);
			}
		}
		if (expected.size() > actual.size()) {
			return "the block lacks the end of " + source + ", from line " + (common + 1) + ": "
					+ expected.get(common);
		}
		if (actual.size() > expected.size()) {
			return "the block has more than " + source + ", from line " + (common + 1) + ": " + actual.get(common);
		}
		return null;
	}

	/**
	 * The lines of a tag region, or of the whole file when tag is null, without marker lines; null when the file
	 * has no such region (or more than one).
	 */
	static List<String> region(List<String> file, String tag) {
		List<String> region = new ArrayList<>();
		if (tag == null) {
			file.stream().filter(line -> !ANY_TAG_LINE.matcher(line).find()).forEach(region::add);
			return region;
		}
		String start = "tag::" + tag + "[]";
		String end = "end::" + tag + "[]";
		int found = 0;
		boolean inside = false;
		for (String line : file) {
			if (line.contains(start)) {
				inside = true;
				found++;
			}
			else if (line.contains(end)) {
				inside = false;
			}
			else if (inside && !ANY_TAG_LINE.matcher(line).find()) {
				region.add(line);
			}
		}
		return (found == 1 && !inside) ? region : null;
	}

	/**
	 * Leading tabs become four spaces each, trailing white space and blank lines at either end go, and so does the
	 * indentation common to every non-blank line.
	 */
	static List<String> normalize(List<String> lines) {
		List<String> result = new ArrayList<>();
		for (String line : lines) {
			int blank = 0;
			StringBuilder indent = new StringBuilder();
			while (blank < line.length() && (line.charAt(blank) == '\t' || line.charAt(blank) == ' ')) {
				indent.append((line.charAt(blank) == '\t') ? "    " : " ");
				blank++;
			}
			result.add((indent + line.substring(blank)).stripTrailing());
		}
		while (!result.isEmpty() && result.get(0).isEmpty()) {
			result.remove(0);
		}
		while (!result.isEmpty() && result.get(result.size() - 1).isEmpty()) {
			result.remove(result.size() - 1);
		}
		int common = result.stream()
			.filter(line -> !line.isEmpty())
			.mapToInt(line -> line.length() - line.stripLeading().length())
			.min()
			.orElse(0);
		result.replaceAll(line -> line.isEmpty() ? line : line.substring(common));
		return result;
	}

	private static List<String> read(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
