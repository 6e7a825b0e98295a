package dev.zmqspring.security;

import java.nio.ByteBuffer;

import zmq.Msg;

/**
 * What the decoder gets instead of a frame it must not read (a negative size, a command
 * too large to be one): a ZMTP 3.1 PING command, as if the peer had sent one with a
 * heartbeat TTL of 100 ms (one tenth of a second, the smallest ZMTP can say). Its
 * {@link #buf()}, which the decoder fills from the wire, is empty, so nothing more is
 * read into it. During the handshake JeroMQ refuses it as an unexpected command and drops
 * the peer at once. After the handshake JeroMQ answers with a PONG and arms the TTL
 * timer, which drops the peer 100 ms later; only another frame from the peer before then
 * would keep it (and that frame is judged like any other). Nothing of it reaches the
 * application: JeroMQ never hands commands to a socket.
 */
final class DroppingCommand extends Msg {

	/**
	 * {@code PING} as a ZMTP command name (length-prefixed), then the TTL in tenths of a
	 * second.
	 */
	private static final byte[] PING_WITH_SHORTEST_TTL = { 4, 'P', 'I', 'N', 'G', 0, 1 };

	DroppingCommand() {
		super(ByteBuffer.wrap(PING_WITH_SHORTEST_TTL.clone()));
		setFlags(Msg.COMMAND);
	}

	@Override
	public ByteBuffer buf() {
		return ByteBuffer.allocate(0);
	}

}
