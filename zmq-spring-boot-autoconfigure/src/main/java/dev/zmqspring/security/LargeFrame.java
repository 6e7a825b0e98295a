package dev.zmqspring.security;

import java.nio.ByteBuffer;

import dev.zmqspring.core.MessageFrameLimit;
import dev.zmqspring.core.RefusedFrames;
import org.jspecify.annotations.Nullable;
import zmq.Msg;
import zmq.io.Metadata;

/**
 * A frame whose memory is taken only once the decoder has said whether it is a command,
 * and, on a socket with a {@link ReceiveBudget}, only if it fits the budget.
 * <p>
 * JeroMQ's decoder asks the socket's allocator for a frame's buffer as soon as it has
 * read the frame's size, and sets the frame's flags on the message it gets back before it
 * reads the body. A peer that announces a large command and then stalls would make it
 * hold the whole buffer for as long as the connection lives, also before the handshake.
 * This message holds nothing until its body is first asked for. Then:
 * <ul>
 * <li>a command larger than {@link #MAX_COMMAND_SIZE} is refused (replaced by a stand-in
 * that makes JeroMQ drop the peer, see {@link DroppingCommand}) and never allocated;</li>
 * <li>a message frame that does not fit the socket's budget is read into the budget's
 * scratch buffer and thrown away: it stays in its place in its message, with
 * {@link RefusedFrames#marker()} as its content, so that the receiver drops the whole
 * message;</li>
 * <li>any other frame gets a buffer of its announced size, to which every method that
 * reads or writes the body is forwarded. Its share of the budget is given back when its
 * content is first read ({@link #data()}, {@link #getBytes}, {@link #transfer}).</li>
 * </ul>
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

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final int announcedSize;

	private final @Nullable ReceiveBudget budget;

	private final FrameMemory memory;

	private final Runnable oversizedCommand;

	private final Runnable overBudget;

	private final @Nullable MessageFrameLimit frameLimit;

	private @Nullable Msg body;

	private boolean refused;

	/** Where a frame over the budget is read to; {@code null} for any other frame. */
	private @Nullable ByteBuffer discard;

	private ReceiveBudget.@Nullable Hold hold;

	/**
	 * @param announcedSize the size the peer announced
	 * @param budget the socket's budget, or {@code null}
	 * @param memory where the frame gets its memory
	 * @param oversizedCommand told, on the I/O thread, when the frame turns out to be a
	 * command larger than {@link #MAX_COMMAND_SIZE}
	 * @param overBudget told, on the I/O thread, when a message frame did not fit the
	 * budget
	 * @param frameLimit the socket's limit of frames per message, or {@code null}
	 */
	LargeFrame(int announcedSize, @Nullable ReceiveBudget budget, FrameMemory memory, Runnable oversizedCommand,
			Runnable overBudget, @Nullable MessageFrameLimit frameLimit) {
		super(0);
		this.frameLimit = frameLimit;
		this.announcedSize = announcedSize;
		this.budget = budget;
		this.memory = memory;
		this.oversizedCommand = oversizedCommand;
		this.overBudget = overBudget;
	}

	private Msg body() {
		Msg body = this.body;
		if (body == null) {
			try {
				body = allocateBody();
			}
			catch (Error ex) {
				this.memory.blame();
				throw ex;
			}
			this.body = body;
		}
		return body;
	}

	private Msg allocateBody() {
		if (isCommand()) {
			if (this.announcedSize > MAX_COMMAND_SIZE) {
				this.refused = true;
				this.oversizedCommand.run();
				return new DroppingCommand();
			}
			return this.memory.allocate(this.announcedSize);
		}
		ReceiveBudget budget = this.budget;
		if (budget != null) {
			ReceiveBudget.Hold hold = budget.take(this, this.announcedSize);
			if (hold == null) {
				this.overBudget.run();
				this.discard = budget.discard(this.announcedSize);
				return new Msg(0);
			}
			this.hold = hold;
		}
		return this.memory.allocate(this.announcedSize);
	}

	/** Gives this frame's share of the budget back: the application has its content. */
	private void release() {
		ReceiveBudget.Hold hold = this.hold;
		if (hold != null) {
			this.hold = null;
			hold.release();
		}
	}

	@Override
	public ByteBuffer buf() {
		Msg body = body();
		if (this.refused) {
			// A refused command reads nothing more from the wire.
			return ByteBuffer.allocate(0);
		}
		ByteBuffer discard = this.discard;
		if (discard != null) {
			// The decoder asks once, and reads the frame into the scratch buffer. Anyone
			// asking later (a SUB socket matching topics) finds the frame empty, not
			// another refused frame's bytes.
			this.discard = EMPTY;
			return discard;
		}
		return body.buf();
	}

	@Override
	public byte[] data() {
		Msg body = body();
		if (this.discard != null) {
			return RefusedFrames.marker();
		}
		release();
		return body.data();
	}

	@Override
	public int size() {
		Msg body = body();
		return (this.discard != null) ? 0 : body.size();
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
		Msg body = body();
		release();
		return body.getBytes(index, dst, offset, length);
	}

	@Override
	public int getBytes(int index, ByteBuffer dst, int length) {
		Msg body = body();
		release();
		return body.getBytes(index, dst, length);
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
		Msg body = body();
		release();
		body.transfer(destination, srcOffset, srcLength);
	}

	/**
	 * JeroMQ's engine sets the connection's metadata on every frame it has read whole,
	 * before it hands the frame to the socket (and a socket that sends the frame on
	 * clears it): the frame now counts as one the application can take, if it ends its
	 * message, and counts against its message's limit of frames.
	 */
	@Override
	public Msg setMetadata(@Nullable Metadata metadata) {
		super.setMetadata(metadata);
		if (metadata != null) {
			MessageFrameLimit frameLimit = this.frameLimit;
			if (frameLimit != null) {
				// First: it may mark the frame as followed by more.
				frameLimit.frameRead(this, metadata);
			}
			ReceiveBudget.Hold hold = this.hold;
			if (hold != null) {
				hold.completed(!hasMore());
			}
		}
		return this;
	}

	@Override
	public String toString() {
		return "LargeFrame[size=" + this.announcedSize + ", flags=" + flags() + "]";
	}

}
