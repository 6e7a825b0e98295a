package dev.zmqspring.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code inproc://} address that stands for a {@code tcp://} or {@code ipc://} one in
 * a test. A tcp address is known by its port alone, so that every host name of one port
 * meets at one address; an address whose port the system chooses gets a name of its own.
 */
final class InprocAddresses {

	static final String PREFIX = "inproc://zmq-test-";

	private final AtomicInteger chosenPorts = new AtomicInteger();

	/**
	 * The addresses, rewritten.
	 * @param owner what the addresses belong to, for the names of system-chosen ports
	 * @param addresses the configured addresses
	 * @return the addresses in the same order
	 */
	List<String> rewrite(String owner, List<String> addresses) {
		List<String> rewritten = new ArrayList<>(addresses.size());
		for (String address : addresses) {
			rewritten.add(rewrite(owner, address));
		}
		return rewritten;
	}

	String rewrite(String owner, String address) {
		String trimmed = address.trim();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (lower.startsWith("tcp://")) {
			int colon = trimmed.lastIndexOf(':');
			String port = (colon > "tcp://".length()) ? trimmed.substring(colon + 1) : "";
			if (port.isEmpty() || port.equals("*") || port.equals("0") || port.startsWith("!")) {
				return PREFIX + owner + "-" + this.chosenPorts.incrementAndGet();
			}
			return PREFIX + "tcp-" + port;
		}
		if (lower.startsWith("ipc://")) {
			return PREFIX + "ipc-" + trimmed.substring("ipc://".length());
		}
		return trimmed;
	}

}
