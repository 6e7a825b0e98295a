package dev.zmqspring.benchmarks.si;

import dev.zmqspring.benchmarks.support.SocketOptions;
import org.zeromq.SocketType;

/**
 * What a Spring Integration application of a scenario uses: its socket type, where it
 * connects ({@code null} to bind a port the system chooses), whether payloads are JSON
 * orders, and the socket options.
 *
 * @param type the socket type
 * @param connectUrl where to connect, or {@code null} to bind
 * @param json whether the flow converts orders to and from JSON
 * @param options the socket options (the starter's defaults)
 */
public record SiSpec(SocketType type, String connectUrl, boolean json, SocketOptions options) {
}
