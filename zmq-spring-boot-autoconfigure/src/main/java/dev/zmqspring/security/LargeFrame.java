package dev.zmqspring.security;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;
import zmq.Msg;

/**
 * A frame announced larger than any ZMTP command may be, whose memory is taken only once
 * the decoder has said whether it is a command.
 * <p>
 * JeroMQ's decoder asks the socket's allocator for a frame's buffer as soon as it has
 * read the frame's size, and sets the frame's flags on the message it gets back before it
 * reads the body. A peer that announces a large command and then stalls would make it
 * hold the whole buffer for as long as the connection lives, also before the handshake.
 * This message holds nothing until its body is first asked for: a command of this size is
 * refused there (replaced by a stand-in that makes JeroMQ drop the peer, see
 * {@link DroppingCommand}) and never allocated, and any other frame gets a buffer of its
 * announced size, to which every method that reads or writes the body is forwarded.
 * Flags, metadata and routing stay on this message, where JeroMQ sets them.
 * <p>
 * JeroMQ's copy constructor {@code Msg(Msg)} reads the fields of the message it copies,
 * not its methods, so a copy of a large frame is empty. Only {@code zmq.Proxy}'s and
 * {@code ZProxy}'s capture sockets copy received messages; the starter's devices do not.
 */
final class LargeFrame extends Msg {

	/**
	 * Every ZMTP command a well-behaved peer sends fits: READY and CURVE's HELLO,
	 * WELCOME, INITIATE (with their metadata), PING and PONG are a few hundred bytes.
	 */
	static final int MAX_COMMAND_SIZE = 8 * 1024;

	private final int announcedSize;

	private final Runnable oversizedCommand;

	private @Nullable Msg body;

	private boolean refused;

	/**
	 * @param announcedSize the size the peer announced, above {@link #MAX_COMMAND_SIZE}
	 * @param oversizedCommand told, on the I/O thread, when the frame turns out to be a
	 * command
	 */
	LargeFrame(int announcedSize, Runnable oversizedCommand) {
		super(0);
		this.announcedSize = announcedSize;
		this.oversizedCommand = oversizedCommand;
	}

	private Msg body() {
		Msg body = this.body;
		if (body == null) {
			if (isCommand()) {
				this.refused = true;
				this.oversizedCommand.run();
				body = new DroppingCommand();
			}
			else {
				body = zmq.ZMQ.DEFAULT_MSG_ALLOCATOR.allocate(this.announcedSize);
			}
			this.body = body;
		}
		return body;
	}

	@Override
	public ByteBuffer buf() {
		Msg body = body();
		// A refused command reads nothing more from the wire.
		return this.refused ? ByteBuffer.allocate(0) : body.buf();
	}

	@Override
	public byte[] data() {
		return body().data();
	}

	@Override
	public int size() {
		return body().size();
	}

	@Override
	public byte get() {
		return body().get();
	}

	@Override
	public byte get(int index) {
		return body().get(index);
	}

	@Override
	public Msg put(byte b) {
		body().put(b);
		return this;
	}

	@Override
	public Msg put(int b) {
		body().put(b);
		return this;
	}

	@Override
	public Msg put(byte[] src) {
		body().put(src);
		return this;
	}

	@Override
	public Msg put(byte[] src, int offset, int length) {
		body().put(src, offset, length);
		return this;
	}

	@Override
	public Msg put(ByteBuffer src, int offset, int length) {
		body().put(src, offset, length);
		return this;
	}

	@Override
	public Msg put(ByteBuffer src) {
		body().put(src);
		return this;
	}

	@Override
	public Msg putShortString(String data) {
		body().putShortString(data);
		return this;
	}

	@Override
	public int getBytes(int index, byte[] dst, int offset, int length) {
		return body().getBytes(index, dst, offset, length);
	}

	@Override
	public int getBytes(int index, ByteBuffer dst, int length) {
		return body().getBytes(index, dst, length);
	}

	@Override
	public long getLong(int offset) {
		return body().getLong(offset);
	}

	@Override
	public int getInt(int offset) {
		return body().getInt(offset);
	}

	@Override
	public int getShort(int offset) {
		return body().getShort(offset);
	}

	@Override
	public void transfer(ByteBuffer destination, int srcOffset, int srcLength) {
		body().transfer(destination, srcOffset, srcLength);
	}

	@Override
	public String toString() {
		return "LargeFrame[size=" + this.announcedSize + ", flags=" + flags() + "]";
	}

}
