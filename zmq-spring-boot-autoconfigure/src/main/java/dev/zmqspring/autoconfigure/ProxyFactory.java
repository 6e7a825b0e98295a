package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.zmqspring.core.SocketSettings;
import dev.zmqspring.core.ZmqAddresses;
import dev.zmqspring.core.ZmqDelivery;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketFactory;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyType;

/**
 * Turns one {@code zmq.proxies.<name>} entry into a checked {@link ZmqProxy}.
 */
final class ProxyFactory {

	private ProxyFactory() {
	}

	static ZmqProxy create(String name, ZmqProxyProperties proxy, SocketSettings settings,
			ZmqSocketFactory socketFactory) {
		String key = "zmq.proxies." + name;
		ZmqProxyType type = proxy.getType();
		if (type == null) {
			throw new IllegalArgumentException(
					key + ".type is not set; use forwarder (PUB/SUB), streamer (PUSH/PULL) or queue (REQ/REP)");
		}
		ZmqEndpoint frontend = side(name + ".frontend", key + ".frontend", type.frontend(), proxy.getFrontend(),
				settings);
		ZmqEndpoint backend = side(name + ".backend", key + ".backend", type.backend(), proxy.getBackend(), settings);
		ZmqEndpoint capture = null;
		if (proxy.getCapture() != null && !proxy.getCapture().isBlank()) {
			ZmqAddresses.validate(proxy.getCapture(), true, key + ".capture");
			capture = new ZmqEndpoint(name + ".capture", ZmqSocketType.PUB, true, List.of(proxy.getCapture()),
					List.of(), null, false, Duration.ZERO, 0, settings, ZmqDelivery.AT_MOST_ONCE, 0, Duration.ZERO,
					key + ".capture");
		}
		return new ZmqProxy(name, type, frontend, backend, capture, socketFactory);
	}

	private static ZmqEndpoint side(String name, String key, ZmqSocketType type, ZmqProxyProperties.Side side,
			SocketSettings settings) {
		if (!side.getBind().isEmpty() && !side.getConnect().isEmpty()) {
			throw new IllegalArgumentException(key + ": both bind and connect are set; keep one");
		}
		if (side.getBind().isEmpty() && side.getConnect().isEmpty()) {
			throw new IllegalArgumentException(
					key + ": set " + key + ".bind (usual for a device) or " + key + ".connect");
		}
		boolean bind = !side.getBind().isEmpty();
		List<String> addresses = bind ? side.getBind() : side.getConnect();
		addresses.forEach(address -> ZmqAddresses.validate(address, bind, key + (bind ? ".bind" : ".connect")));
		return new ZmqEndpoint(name, type, bind, addresses, List.of(), null, false, Duration.ZERO, 0, settings,
				ZmqDelivery.AT_MOST_ONCE, 0, Duration.ZERO, key);
	}

}
