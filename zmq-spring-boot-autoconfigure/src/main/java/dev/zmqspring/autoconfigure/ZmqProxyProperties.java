package dev.zmqspring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.proxy.ZmqProxyType;
import org.jspecify.annotations.Nullable;

/**
 * A device: a frontend socket and a backend socket with messages forwarded both ways.
 */
public class ZmqProxyProperties {

	/**
	 * Kind of device: forwarder (XSUB frontend, XPUB backend), streamer (PULL/PUSH) or
	 * queue (ROUTER/DEALER). Required.
	 */
	private @Nullable ZmqProxyType type;

	/**
	 * Where the frontend binds or connects: publishers (forwarder), pushers (streamer) or
	 * clients (queue).
	 */
	private final Side frontend = new Side();

	/**
	 * Where the backend binds or connects: subscribers (forwarder), pullers (streamer) or
	 * workers (queue).
	 */
	private final Side backend = new Side();

	/**
	 * Address a PUB socket binds to publish a copy of every message passing through.
	 * Unset: no copy.
	 */
	private @Nullable String capture;

	public @Nullable ZmqProxyType getType() {
		return this.type;
	}

	public void setType(@Nullable ZmqProxyType type) {
		this.type = type;
	}

	public Side getFrontend() {
		return this.frontend;
	}

	public Side getBackend() {
		return this.backend;
	}

	public @Nullable String getCapture() {
		return this.capture;
	}

	public void setCapture(@Nullable String capture) {
		this.capture = capture;
	}

	/**
	 * One side of a device.
	 */
	public static class Side {

		/**
		 * Addresses to bind.
		 */
		private List<String> bind = new ArrayList<>();

		/**
		 * Addresses to connect to.
		 */
		private List<String> connect = new ArrayList<>();

		public List<String> getBind() {
			return this.bind;
		}

		public void setBind(List<String> bind) {
			this.bind = bind;
		}

		public List<String> getConnect() {
			return this.connect;
		}

		public void setConnect(List<String> connect) {
			this.connect = connect;
		}

	}

}
