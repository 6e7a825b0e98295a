package dev.zmqspring.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The headers of a received message: what the starter knows about it ({@link #ENDPOINT},
 * {@link #TOPIC}, {@link #SOCKET_TYPE}, {@link #IDENTITY}) plus the entries of the JSON
 * headers frame when the endpoint uses one
 * ({@code zmq.endpoints.<name>.headers-frame=true}). Immutable.
 */
public final class ZmqHeaders {

	/** Name of the endpoint that received the message. */
	public static final String ENDPOINT = "zmq_endpoint";

	/** Topic of a PUB/SUB message. */
	public static final String TOPIC = "zmq_topic";

	/** Socket type that received the message. */
	public static final String SOCKET_TYPE = "zmq_socket_type";

	/** Routing identity of the client (ROUTER/REP listeners), as lower-case hex. */
	public static final String IDENTITY = "zmq_identity";

	/**
	 * The logical name of the payload's type, set by the sender (a name mapped to a class
	 * with {@code zmq.type-mappings.<name>}, never a class name): how a class-level
	 * {@code @ZmqListener} chooses among {@code @ZmqHandler} methods that differ by
	 * payload type.
	 */
	public static final String PAYLOAD_TYPE = "payload_type";

	private static final ZmqHeaders EMPTY = new ZmqHeaders(Map.of());

	private final Map<String, String> values;

	private ZmqHeaders(Map<String, String> values) {
		this.values = values;
	}

	/** Headers with the given entries. */
	public static ZmqHeaders of(Map<String, String> values) {
		return values.isEmpty() ? EMPTY : new ZmqHeaders(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
	}

	/** Headers without entries. */
	public static ZmqHeaders empty() {
		return EMPTY;
	}

	/** The value of a header, or {@code null}. */
	public @Nullable String get(String name) {
		return this.values.get(name);
	}

	/** All headers, read-only. */
	public Map<String, String> asMap() {
		return this.values;
	}

	@Override
	public String toString() {
		return this.values.toString();
	}

}
