package dev.zmqspring.core;

import java.util.List;

/**
 * Tells a frame that a socket refused to keep from a real one.
 * <p>
 * A socket with a receive-buffer budget (see
 * {@link SocketSettings#receiveBufferBudget()}) that cannot wait for room reads a frame
 * that would take it over its budget into a scratch buffer and discards it. JeroMQ still
 * delivers the frame, in its place in its message, and hands over {@link #marker()} as
 * its content (an empty array, told apart by identity). The starter's listeners, devices
 * and request clients drop such a message whole. Code that reads a socket opened by
 * {@link ZmqSocketFactory} itself must do the same: drop the whole message when
 * {@link #anyRefused(List)} says so, never use a part of it.
 */
public final class RefusedFrames {

	/** Compared by identity: no frame JeroMQ builds is this array. */
	private static final byte[] MARKER = new byte[0];

	private RefusedFrames() {
	}

	/** The content a refused frame hands over in place of its bytes. */
	public static byte[] marker() {
		return MARKER;
	}

	/** Whether a received frame was refused. */
	public static boolean isRefused(byte[] frame) {
		return frame == MARKER;
	}

	/** Whether any frame of a received message was refused. */
	public static boolean anyRefused(List<byte[]> frames) {
		for (int i = 0, size = frames.size(); i < size; i++) {
			if (frames.get(i) == MARKER) {
				return true;
			}
		}
		return false;
	}

}
