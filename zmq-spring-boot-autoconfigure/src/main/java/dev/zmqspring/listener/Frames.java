package dev.zmqspring.listener;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * Reads and writes whole multipart messages on a socket the caller owns.
 */
final class Frames {

	private Frames() {
	}

	/**
	 * Receives one whole message.
	 * @param flags {@code 0} to wait up to the socket's receive timeout,
	 * {@link ZMQ#DONTWAIT} not to wait
	 * @return the frames, or {@code null} when nothing arrived
	 */
	static @Nullable List<byte[]> receive(ZMQ.Socket socket, int flags) {
		byte[] first = socket.recv(flags);
		if (first == null) {
			return null;
		}
		if (!socket.hasReceiveMore()) {
			return List.of(first);
		}
		List<byte[]> frames = new ArrayList<>(4);
		frames.add(first);
		do {
			frames.add(socket.recv(0));
		}
		while (socket.hasReceiveMore());
		return frames;
	}

	/**
	 * Sends a reply on a ROUTER socket without blocking.
	 * @return {@code false} when the client is gone (ROUTER_MANDATORY) or its queue is
	 * full
	 */
	static boolean sendReply(ZMQ.Socket socket, byte[][] frames) {
		int last = frames.length - 1;
		try {
			if (!socket.send(frames[0], ZMQ.DONTWAIT | (last > 0 ? ZMQ.SNDMORE : 0))) {
				return false;
			}
		}
		catch (org.zeromq.ZMQException ex) {
			return false;
		}
		for (int i = 1; i <= last; i++) {
			socket.send(frames[i], (i < last) ? ZMQ.SNDMORE : 0);
		}
		return true;
	}

}
