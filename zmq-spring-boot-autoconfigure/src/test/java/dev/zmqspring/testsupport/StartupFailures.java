package dev.zmqspring.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on why an application failed to start, as a user reads it: some single
 * message in the failure's cause chain must carry every expected fragment (the key or
 * method, the bad value, the fix).
 */
public final class StartupFailures {

	private StartupFailures() {
	}

	/**
	 * Asserts that the context failed and that one message of the cause chain contains
	 * all the fragments.
	 * @param context the context, which must have failed
	 * @param fragments the texts the message must contain
	 * @return the matching message
	 */
	public static String assertFailedWith(AssertableApplicationContext context, String... fragments) {
		assertThat(context).hasFailed();
		List<String> messages = messages(context.getStartupFailure());
		String match = messages.stream()
			.filter(message -> Arrays.stream(fragments).allMatch(message::contains))
			.findFirst()
			.orElse(null);
		assertThat(match)
			.as("a message containing all of %s among the causes:%n%s", Arrays.toString(fragments),
					String.join(System.lineSeparator(), messages))
			.isNotNull();
		return match;
	}

	/** The messages of a throwable and its causes, outermost first. */
	public static List<String> messages(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			messages.add(String.valueOf(current.getMessage()));
			if (current.getCause() == current) {
				break;
			}
		}
		return messages;
	}

}
