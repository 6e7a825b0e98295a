package dev.zmqspring.autoconfigure;

import java.util.Locale;

import dev.zmqspring.core.ZmqException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Turns a startup failure of the starter (a port that is taken, an unknown endpoint, a
 * bad key, a listener or publisher method it cannot use) into Spring Boot's "APPLICATION
 * FAILED TO START" report, so that the user reads what is wrong and what to do instead of
 * a long stack trace.
 * <p>
 * The starter's messages say the problem first and the fix after the first {@code "; "}
 * (or after the first sentence, when there is no {@code "; "}): the problem is the
 * description, the fix the action. A failure is the starter's when it is a
 * {@link ZmqException}, or an {@link IllegalArgumentException} or
 * {@link IllegalStateException} thrown by the starter's own code; any other failure, and
 * a property that cannot be bound (Spring Boot's analysis names its origin), is left to
 * the other analyzers.
 */
class ZmqFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String STARTER_PACKAGE = "dev.zmqspring.";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		Throwable cause = starterCause(failure);
		if (cause == null || cause.getMessage() == null) {
			return null;
		}
		String message = cause.getMessage();
		int split = message.indexOf("; ");
		if (split < 0) {
			// Or a first sentence that says the problem, and sentences that say the fix.
			split = message.indexOf(". ");
		}
		if (split < 0) {
			return new FailureAnalysis(sentence(message), "Fix the setting or code named above.", cause);
		}
		return new FailureAnalysis(sentence(message.substring(0, split)),
				sentence(capitalized(message.substring(split + 2))), cause);
	}

	private static @Nullable Throwable starterCause(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof BindException) {
				// A property that cannot be bound: Boot's own analysis names the
				// property, its value and where it came from.
				return null;
			}
			if (current instanceof ZmqException) {
				return current;
			}
			if ((current instanceof IllegalArgumentException || current instanceof IllegalStateException)
					&& thrownByStarter(current)) {
				return current;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

	private static boolean thrownByStarter(Throwable exception) {
		StackTraceElement[] trace = exception.getStackTrace();
		return trace.length > 0 && trace[0].getClassName().startsWith(STARTER_PACKAGE);
	}

	private static String capitalized(String text) {
		return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
	}

	private static String sentence(String text) {
		String trimmed = text.strip();
		return trimmed.endsWith(".") ? trimmed : trimmed + ".";
	}

	@Override
	public int getOrder() {
		// Before Spring Boot's generic analyzers (bean creation, binding), which would
		// report the outer exception.
		return 0;
	}

}
