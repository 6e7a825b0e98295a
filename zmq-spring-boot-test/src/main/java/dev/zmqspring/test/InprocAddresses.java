package dev.zmqspring.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The {@code inproc://} address that stands for a {@code tcp://} or {@code ipc://} one in
 * a test. A bound tcp address is known by its port, and so is a connected one whose port
 * the application binds itself (every host name of the application's own port meets its
 * socket); a connected address of another service keeps its host, so that two services on
 * one port stay apart. An address whose port the system chooses gets a name of its own.
 */
final class InprocAddresses {

	static final String PREFIX = "inproc://zmq-test-";

	private final AtomicInteger chosenPorts = new AtomicInteger();

	private final Set<String> boundPorts = new HashSet<>();

	/**
	 * Learns the ports the application binds, before any address is rewritten.
	 * @param addresses the addresses of the application's binding sockets
	 */
	void bound(List<String> addresses) {
		for (String address : addresses) {
			String port = tcpPort(address.trim());
			if (port != null) {
				this.boundPorts.add(port);
			}
		}
	}

	/**
	 * The addresses, rewritten.
	 * @param owner what the addresses belong to, for the names of system-chosen ports
	 * @param addresses the configured addresses
	 * @return the addresses in the same order
	 */
	List<String> rewrite(String owner, boolean bind, List<String> addresses) {
		List<String> rewritten = new ArrayList<>(addresses.size());
		for (String address : addresses) {
			rewritten.add(rewrite(owner, bind, address));
		}
		return rewritten;
	}

	String rewrite(String owner, boolean bind, String address) {
		String trimmed = address.trim();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		if (lower.startsWith("tcp://")) {
			String port = tcpPort(trimmed);
			if (port == null) {
				return PREFIX + owner + "-" + this.chosenPorts.incrementAndGet();
			}
			if (bind || this.boundPorts.contains(port)) {
				return PREFIX + "tcp-" + port;
			}
			String host = trimmed.substring("tcp://".length(), trimmed.lastIndexOf(':'));
			return PREFIX + "tcp-" + host.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + port;
		}
		if (lower.startsWith("ipc://")) {
			return PREFIX + "ipc-" + trimmed.substring("ipc://".length());
		}
		return trimmed;
	}

	/**
	 * The numeric port of a tcp address, or {@code null} (none, or one the system
	 * chooses).
	 */
	private static @Nullable String tcpPort(String address) {
		if (!address.toLowerCase(Locale.ROOT).startsWith("tcp://")) {
			return null;
		}
		int colon = address.lastIndexOf(':');
		String port = (colon > "tcp://".length()) ? address.substring(colon + 1) : "";
		return (port.isEmpty() || port.equals("*") || port.equals("0") || port.startsWith("!")) ? null : port;
	}

}
