package dev.zmqspring.core;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Checks ZeroMQ addresses before a socket sees them, so that a typo fails at startup with
 * a message that names the property or annotation and the fix, instead of as a bare
 * JeroMQ error code.
 */
public final class ZmqAddresses {

	private static final Pattern TCP = Pattern
		.compile("tcp://(\\*|\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9_.\\-]+):(\\*|\\d{1,5})");

	private static final Pattern NAMED = Pattern.compile("(inproc|ipc)://[^\\s]+");

	private ZmqAddresses() {
	}

	/**
	 * Validates one address.
	 * @param address the address
	 * @param bind whether it is to be bound (a wildcard port {@code *} is allowed only
	 * when binding)
	 * @param where what to name in the error, such as
	 * {@code zmq.endpoints.orders.connect}
	 * @throws IllegalArgumentException naming {@code where}, the bad value and the
	 * expected forms
	 */
	public static void validate(@Nullable String address, boolean bind, String where) {
		String hint = "; use tcp://host:port (for example tcp://127.0.0.1:5557), inproc://name or ipc://name";
		if (address == null || address.isBlank()) {
			throw new IllegalArgumentException(where + ": the address is empty" + hint);
		}
		if (NAMED.matcher(address).matches()) {
			return;
		}
		var tcp = TCP.matcher(address);
		if (!tcp.matches()) {
			throw new IllegalArgumentException(where + ": malformed address '" + address + "'" + hint);
		}
		String port = tcp.group(2);
		if (port.equals("*")) {
			if (!bind) {
				throw new IllegalArgumentException(where + ": cannot connect to a wildcard port in '" + address
						+ "'; connect to the port the peer binds, such as tcp://127.0.0.1:5557");
			}
			return;
		}
		int number = Integer.parseInt(port);
		if (number < 1 || number > 65535) {
			throw new IllegalArgumentException(where + ": port " + number + " in '" + address
					+ "' is out of range; use a port from 1 to 65535, or * to let the system choose when binding");
		}
		if (!bind && tcp.group(1).equals("*")) {
			throw new IllegalArgumentException(where + ": cannot connect to host '*' in '" + address
					+ "'; connect to the peer's host, such as tcp://127.0.0.1:" + port);
		}
	}

}
