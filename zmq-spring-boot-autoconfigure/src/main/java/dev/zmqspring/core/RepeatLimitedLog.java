package dev.zmqspring.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

/**
 * Logs a message the first time, then at most once per interval while it repeats, with
 * how often it was held back. A client that is refused reconnects every reconnect
 * interval (100 ms by default), and a hostile one as fast as it likes: without this, one
 * peer could fill the log. Thread-safe; meant for rare events (refusals, hostile input),
 * not for a message path.
 */
public final class RepeatLimitedLog {

	private static final int MAX_TRACKED = 10_000;

	private final Log logger;

	private final long intervalNanos;

	private final Map<String, Entry> entries = new HashMap<>();

	/**
	 * @param logger where messages go
	 * @param interval the shortest time between two lines with the same message
	 */
	public RepeatLimitedLog(Log logger, Duration interval) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Logs the message at WARN unless the same message was logged less than an interval
	 * ago.
	 */
	public void warn(String message) {
		log(message, true);
	}

	/**
	 * Logs the message at INFO unless the same message was logged less than an interval
	 * ago.
	 */
	public void info(String message) {
		log(message, false);
	}

	private synchronized void log(String message, boolean warn) {
		long now = System.nanoTime();
		Entry entry = this.entries.get(message);
		if (entry == null) {
			if (this.entries.size() >= MAX_TRACKED) {
				this.entries.clear();
			}
			this.entries.put(message, new Entry(now));
			write(message, warn);
			return;
		}
		if (now - entry.loggedAt < this.intervalNanos) {
			entry.suppressed++;
			return;
		}
		write((entry.suppressed > 0) ? message + " (" + entry.suppressed + " more times since it was last logged)"
				: message, warn);
		entry.loggedAt = now;
		entry.suppressed = 0;
	}

	private void write(String message, boolean warn) {
		if (warn) {
			this.logger.warn(message);
		}
		else {
			this.logger.info(message);
		}
	}

	private static final class Entry {

		long loggedAt;

		long suppressed;

		Entry(long loggedAt) {
			this.loggedAt = loggedAt;
		}

	}

}
