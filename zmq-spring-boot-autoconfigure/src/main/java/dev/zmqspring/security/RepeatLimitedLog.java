package dev.zmqspring.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

/**
 * Logs a message the first time, then at most once per interval while it repeats, with how often it was held back.
 * A client that is refused reconnects every reconnect interval (100 ms by default): without this, one client could
 * fill the log. Not thread-safe: used on one thread.
 */
final class RepeatLimitedLog {

	private static final int MAX_TRACKED = 10_000;

	private final Log logger;

	private final long intervalNanos;

	private final Map<String, Entry> entries = new HashMap<>();

	RepeatLimitedLog(Log logger, Duration interval) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
	}

	void warn(String message) {
		long now = System.nanoTime();
		Entry entry = this.entries.get(message);
		if (entry == null) {
			if (this.entries.size() >= MAX_TRACKED) {
				this.entries.clear();
			}
			this.entries.put(message, new Entry(now));
			this.logger.warn(message);
			return;
		}
		if (now - entry.loggedAt < this.intervalNanos) {
			entry.suppressed++;
			return;
		}
		this.logger.warn(message + " (" + entry.suppressed + " more times since it was last logged)");
		entry.loggedAt = now;
		entry.suppressed = 0;
	}

	private static final class Entry {

		long loggedAt;

		long suppressed;

		Entry(long loggedAt) {
			this.loggedAt = loggedAt;
		}

	}

}
