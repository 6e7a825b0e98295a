package dev.zmqspring.core;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * The symbolic names of JeroMQ's error codes, such as {@code EADDRINUSE}. JeroMQ numbers
 * its errors as BSD does on every platform (address in use is 48, where Linux says 98),
 * so a message that gave the number would name the wrong error on Linux and Windows; the
 * name is the same everywhere.
 */
final class ErrorCodeNames {

	private static final Map<Integer, String> NAMES = names();

	private ErrorCodeNames() {
	}

	/** The name of the code, such as {@code EADDRINUSE}, or {@code error <code>}. */
	static String of(int code) {
		return NAMES.getOrDefault(code, "error " + code);
	}

	private static Map<Integer, String> names() {
		Map<Integer, String> names = new HashMap<>();
		for (Field field : zmq.ZError.class.getFields()) {
			int modifiers = field.getModifiers();
			if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == int.class
					&& field.getName().startsWith("E")) {
				try {
					names.putIfAbsent(field.getInt(null), field.getName());
				}
				catch (IllegalAccessException ex) {
					// public fields of a public class: not expected; the number is shown
				}
			}
		}
		return Map.copyOf(names);
	}

}
