package dev.zmqspring.benchmarks.support;

import java.util.ArrayList;
import java.util.List;

import org.zeromq.ZMQ;

/**
 * The socket options every variant uses: the starter's defaults ({@code zmq.socket.*}),
 * applied by hand to the raw JeroMQ and Spring Integration sockets so that all three run
 * with the same queues, linger and timers.
 */
public final class SocketOptions {

	/** The starter's default high-water mark, in messages. */
	public static final int DEFAULT_HWM = 1000;

	private final int highWaterMark;

	private SocketOptions(int highWaterMark) {
		this.highWaterMark = highWaterMark;
	}

	/** The starter's defaults. */
	public static SocketOptions defaults() {
		return new SocketOptions(DEFAULT_HWM);
	}

	/**
	 * The defaults with another send and receive high-water mark (fan-out raises it so
	 * that nothing is lost).
	 */
	public static SocketOptions withHighWaterMark(int highWaterMark) {
		return new SocketOptions(highWaterMark);
	}

	public int highWaterMark() {
		return this.highWaterMark;
	}

	/** Applies the options, before bind or connect, as the starter does. */
	public void apply(ZMQ.Socket socket, boolean connecting) {
		socket.setLinger(1000);
		socket.setSndHWM(this.highWaterMark);
		socket.setRcvHWM(this.highWaterMark);
		socket.setReconnectIVL(100);
		socket.setReconnectIVLMax(30_000);
		socket.setMaxMsgSize(1024 * 1024);
		socket.setHandshakeIvl(2000);
		if (connecting) {
			socket.setHeartbeatIvl(5000);
			socket.setHeartbeatTimeout(15_000);
			socket.setHeartbeatTtl(30_000);
		}
	}

	/**
	 * The same options as {@code zmq.socket.*} properties for the starter, on the
	 * endpoint named.
	 */
	public List<String> asProperties(String endpoint) {
		List<String> properties = new ArrayList<>();
		properties.add("zmq.endpoints." + endpoint + ".socket.send-high-water-mark=" + this.highWaterMark);
		properties.add("zmq.endpoints." + endpoint + ".socket.receive-high-water-mark=" + this.highWaterMark);
		return properties;
	}

}
