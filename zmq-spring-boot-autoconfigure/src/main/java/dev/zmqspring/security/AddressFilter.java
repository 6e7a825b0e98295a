package dev.zmqspring.security;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which client IP addresses a server accepts: none of the denied ones and, when an
 * allow-list is given, only the allowed ones. Addresses are compared as text, as JeroMQ
 * reports them (such as {@code 127.0.0.1}).
 *
 * @param allowed addresses accepted (empty: any not denied)
 * @param denied addresses refused
 */
record AddressFilter(Set<String> allowed, Set<String> denied) {

	/** A filter that accepts every address. */
	public static final AddressFilter ANY = new AddressFilter(Set.of(), Set.of());

	public AddressFilter {
		allowed = Set.copyOf(allowed);
		denied = Set.copyOf(denied);
	}

	/** A filter from configured lists, either may be {@code null}. */
	public static AddressFilter of(@Nullable List<String> allowed, @Nullable List<String> denied) {
		return new AddressFilter(trimmed(allowed), trimmed(denied));
	}

	/** Why an address is refused, or {@code null} when it is accepted. */
	public @Nullable String refusal(String address) {
		if (this.denied.contains(address)) {
			return "its address is in the deny-list";
		}
		if (!this.allowed.isEmpty() && !this.allowed.contains(address)) {
			return "its address is not in the allow-list";
		}
		return null;
	}

	private static Set<String> trimmed(@Nullable List<String> values) {
		return (values != null) ? Set.copyOf(values.stream().map(String::trim).filter(s -> !s.isEmpty()).toList())
				: Set.of();
	}

}
