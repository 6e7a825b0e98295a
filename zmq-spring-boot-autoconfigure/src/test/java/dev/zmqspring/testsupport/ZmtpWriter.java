package dev.zmqspring.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes ZMTP 3.0 (ZeroMQ RFC 23) by hand, so that a test can play a peer that breaks the
 * protocol in exactly one place. Every write goes out byte by byte, each byte flushed on
 * its own, so that the receiving decoder meets every possible split of a header.
 * <p>
 * The layout, from the specification:
 * <ul>
 * <li>greeting, 64 bytes: signature {@code FF, 8 x padding, 7F}; version major 3, minor
 * 0; the mechanism name in 20 bytes padded with zeros; as-server (1 byte); 31 bytes of
 * filler;</li>
 * <li>frame: flags (bit 0 MORE, bit 1 LONG, bit 2 COMMAND), then the size in 1 byte, or
 * in 8 bytes in network order when LONG is set, then the body;</li>
 * <li>READY command body: the command name as a short string (1 byte length,
 * {@code READY}), then properties, each a name as a short string and a value with a
 * 4-byte length in network order.</li>
 * </ul>
 */
public final class ZmtpWriter {

	/** Frame flag: more frames of the same message follow. */
	public static final int MORE = 0x01;

	/** Frame flag: the size takes 8 bytes. */
	public static final int LONG = 0x02;

	/** Frame flag: the frame is a command. */
	public static final int COMMAND = 0x04;

	/** The size of a ZMTP 3.0 greeting. */
	public static final int GREETING_SIZE = 64;

	private final OutputStream out;

	public ZmtpWriter(OutputStream out) {
		this.out = out;
	}

	/**
	 * The greeting of a client that speaks ZMTP 3.0 with the given mechanism
	 * ({@code NULL}, {@code CURVE}, ...).
	 */
	public static byte[] greeting(String mechanism) {
		byte[] greeting = new byte[GREETING_SIZE];
		greeting[0] = (byte) 0xff;
		greeting[9] = 0x7f;
		greeting[10] = 3;
		greeting[11] = 0;
		byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(name, 0, greeting, 12, Math.min(name.length, 20));
		greeting[32] = 0;
		return greeting;
	}

	/** The NULL mechanism's READY command, announcing the given socket type. */
	public static byte[] readyCommand(String socketType) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		shortString(body, "READY");
		shortString(body, "Socket-Type");
		byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
		body.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
		body.writeBytes(value);
		return frame(COMMAND, body.toByteArray());
	}

	/**
	 * A frame with a short (1-byte) size when the body fits, a long (8-byte) one
	 * otherwise.
	 */
	public static byte[] frame(int flags, byte[] body) {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		if (body.length <= 255) {
			frame.write(flags & ~LONG);
			frame.write(body.length);
		}
		else {
			frame.writeBytes(longHeader(flags, body.length));
		}
		frame.writeBytes(body);
		return frame.toByteArray();
	}

	/**
	 * The header of a frame with an 8-byte size, written as given: it may be negative or
	 * absurd on purpose.
	 */
	public static byte[] longHeader(int flags, long size) {
		return ByteBuffer.allocate(9).put((byte) (flags | LONG)).putLong(size).array();
	}

	/** Writes the given bytes one at a time, each flushed on its own. */
	public ZmtpWriter write(byte[] bytes) throws IOException {
		for (byte b : bytes) {
			this.out.write(b);
			this.out.flush();
		}
		return this;
	}

	/**
	 * Completes a NULL handshake as a client: writes the greeting, reads the server's
	 * greeting and its READY, then writes READY with the given socket type. The server
	 * has sent its READY before it reads ours, so every frame written after this is
	 * decoded after the handshake.
	 */
	public ZmtpWriter handshake(InputStream in, String socketType) throws IOException {
		write(greeting("NULL"));
		readGreeting(in);
		readFrame(in);
		return write(readyCommand(socketType));
	}

	/**
	 * Reads one frame and returns its body; fails when the server closes the connection
	 * first.
	 */
	public static byte[] readFrame(InputStream in) throws IOException {
		int flags = readByte(in);
		long size;
		if ((flags & LONG) != 0) {
			size = ByteBuffer.wrap(readBytes(in, 8)).getLong();
		}
		else {
			size = readByte(in);
		}
		if (size < 0 || size > 1 << 20) {
			throw new IOException("The server sent a frame of " + size + " bytes");
		}
		return readBytes(in, (int) size);
	}

	/**
	 * Reads the server's 64-byte greeting; fails when the server closes the connection
	 * first.
	 */
	public static void readGreeting(InputStream in) throws IOException {
		readBytes(in, GREETING_SIZE);
	}

	private static int readByte(InputStream in) throws IOException {
		int b = in.read();
		if (b < 0) {
			throw new IOException("The server closed the connection");
		}
		return b;
	}

	private static byte[] readBytes(InputStream in, int count) throws IOException {
		byte[] bytes = in.readNBytes(count);
		if (bytes.length < count) {
			throw new IOException("The server closed the connection after " + bytes.length + " of " + count + " bytes");
		}
		return bytes;
	}

	private static void shortString(ByteArrayOutputStream out, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		out.write(bytes.length);
		out.writeBytes(bytes);
	}

}
