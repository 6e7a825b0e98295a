package dev.zmqspring.config;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqAddresses;
import dev.zmqspring.core.ZmqDelivery;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSocketType;

/**
 * Works out the endpoint of one {@code @ZmqListener}: the named endpoint, or the inline
 * type and addresses, with placeholders resolved and every rule checked. Each error names
 * the method and the fix.
 */
final class ListenerEndpointResolver {

	private final ZmqEndpointCatalog catalog;

	private final UnaryOperator<String> resolver;

	ListenerEndpointResolver(ZmqEndpointCatalog catalog, UnaryOperator<String> resolver) {
		this.catalog = catalog;
		this.resolver = resolver;
	}

	ZmqEndpoint resolve(ZmqListener annotation, String id, String where) {
		String name = this.resolver.apply(annotation.endpoint()).trim();
		String typeName = this.resolver.apply(annotation.type()).trim();
		List<String> bind = resolveAll(annotation.bind());
		List<String> connect = resolveAll(annotation.connect());
		List<String> topics = resolveAll(annotation.topics());
		ZmqEndpoint endpoint;
		if (!name.isEmpty()) {
			if (!bind.isEmpty() || !connect.isEmpty()) {
				throw new IllegalArgumentException(where + ": give either endpoint = \"" + name
						+ "\" or bind/connect addresses, not both; the addresses of a named endpoint live in zmq.endpoints."
						+ name);
			}
			endpoint = this.catalog.get(name, where);
			if (!typeName.isEmpty() && ZmqSocketType.parse(typeName, where) != endpoint.type()) {
				throw new IllegalArgumentException(where + ": type = \"" + typeName + "\" does not match zmq.endpoints."
						+ name + ".type (" + endpoint.type() + "); remove the type attribute or fix the property");
			}
		}
		else {
			endpoint = inline(id, typeName, bind, connect, where);
		}
		if (!endpoint.type().canListen()) {
			throw new IllegalArgumentException(where + ": socket type " + endpoint.type()
					+ " cannot receive; use one of " + ZmqSocketType.listenerTypes()
					+ (name.isEmpty() ? "" : " in zmq.endpoints." + name + ".type"));
		}
		if (!topics.isEmpty()) {
			if (endpoint.type() != ZmqSocketType.SUB) {
				throw new IllegalArgumentException(where + ": topics are for SUB listeners, but the socket type is "
						+ endpoint.type() + "; remove the topics attribute");
			}
			ZmqEndpoint.checkTopics(topics, where);
			endpoint = endpoint.withTopics(topics);
		}
		return endpoint;
	}

	private ZmqEndpoint inline(String id, String typeName, List<String> bind, List<String> connect, String where) {
		if (typeName.isEmpty()) {
			throw new IllegalArgumentException(
					where + ": no endpoint; set endpoint = \"<name of zmq.endpoints entry>\", or type (one of "
							+ ZmqSocketType.listenerTypes() + ") with bind or connect addresses");
		}
		ZmqSocketType type = ZmqSocketType.parse(typeName, where);
		if (!bind.isEmpty() && !connect.isEmpty()) {
			throw new IllegalArgumentException(where + ": both bind and connect are set; a socket here either binds"
					+ " (it is the stable end) or connects, so keep one");
		}
		if (bind.isEmpty() && connect.isEmpty()) {
			throw new IllegalArgumentException(
					where + ": no address; set bind (for example \"tcp://127.0.0.1:5557\") or connect");
		}
		boolean isBind = !bind.isEmpty();
		List<String> addresses = isBind ? bind : connect;
		for (String address : addresses) {
			ZmqAddresses.validate(address, isBind, where + (isBind ? " bind" : " connect"));
		}
		return new ZmqEndpoint(id, type, isBind, addresses, List.of(), null, false,
				this.catalog.defaultRequestTimeout(), this.catalog.defaultRequestRetries(),
				this.catalog.defaultSettings(), ZmqDelivery.AT_MOST_ONCE, 0, Duration.ZERO, where);
	}

	private List<String> resolveAll(String[] values) {
		return AttributeResolver.resolveAll(this.resolver, values);
	}

}
