package dev.zmqspring.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of CURVE clients the authenticator admitted and refused, per server endpoint.
 * Thread-safe.
 */
public final class AuthenticationStatistics {

	private final Map<String, AtomicLong> accepted = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();

	void accepted(String endpoint) {
		this.accepted.computeIfAbsent(endpoint, key -> new AtomicLong()).incrementAndGet();
	}

	void rejected(String endpoint) {
		this.rejected.computeIfAbsent(endpoint, key -> new AtomicLong()).incrementAndGet();
	}

	/** How many clients the endpoint admitted since startup. */
	public long getAccepted(String endpoint) {
		AtomicLong count = this.accepted.get(endpoint);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * How many clients the endpoint refused since startup (unknown key, refused address,
	 * other mechanism).
	 */
	public long getRejected(String endpoint) {
		AtomicLong count = this.rejected.get(endpoint);
		return (count != null) ? count.get() : 0;
	}

}
