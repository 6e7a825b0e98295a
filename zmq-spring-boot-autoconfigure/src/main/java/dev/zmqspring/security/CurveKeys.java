package dev.zmqspring.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.neilalexander.jnacl.crypto.curve25519;
import org.zeromq.ZMQ;

/**
 * Reads CURVE keys from configuration: 40 characters of Z85 text, or {@code file:<path>}
 * naming a file that holds the Z85 text (alone, or as a {@code public-key = "..."} /
 * {@code secret-key = "..."} line of a ZeroMQ certificate file). Error messages name the
 * setting and the file, never the key itself.
 */
final class CurveKeys {

	/** Length of a key in Z85 text. */
	public static final int Z85_LENGTH = ZMQ.Curve.KEY_SIZE_Z85;

	private static final String FILE_PREFIX = "file:";

	/**
	 * The hint that error messages give; package-visible for the configuration's own
	 * messages.
	 */
	public static final String HOW_TO_GENERATE = "generate a key pair with 'java " + ZmqKeyGenerator.class.getName()
			+ "' (class path: zmq-spring-boot-autoconfigure, jeromq and jnacl jars)";

	private CurveKeys() {
	}

	/**
	 * Reads one key.
	 * @param value the configured value: Z85 text or {@code file:<path>}
	 * @param kind which half of a certificate file to read: {@code "public-key"} or
	 * {@code "secret-key"}
	 * @param setting the property that holds the value, for error messages
	 * @return the 32-byte key
	 * @throws ZmqSecurityException when the key cannot be read or is not a CURVE key
	 */
	public static byte[] read(String value, String kind, String setting) {
		String text = value.trim();
		String source = setting;
		if (text.startsWith(FILE_PREFIX)) {
			Path path = Path.of(text.substring(FILE_PREFIX.length()).trim());
			source = setting + " (file " + path + ")";
			text = fromFile(path, kind, source);
		}
		return decode(text, source);
	}

	/**
	 * Decodes Z85 text of a key.
	 * @param text the Z85 text
	 * @param source where the text came from, for error messages
	 * @return the 32-byte key
	 */
	public static byte[] decode(String text, String source) {
		if (text.length() != Z85_LENGTH) {
			throw new ZmqSecurityException(source + " is not a CURVE key: expected " + Z85_LENGTH
					+ " characters of Z85 text but found " + text.length() + "; " + HOW_TO_GENERATE
					+ ", or write file:<path> to read it from a file (Z85 text may contain ${, which Spring reads as"
					+ " a placeholder in a property value but not in a key file)");
		}
		byte[] key;
		try {
			key = ZMQ.Curve.z85Decode(text);
		}
		catch (RuntimeException ex) {
			key = null;
		}
		// JeroMQ decodes a character outside the Z85 alphabet (or a group too large for
		// 32 bits) into some other
		// key without a word; only text that encodes back to itself is the key it looks
		// like.
		if (key == null || key.length != ZMQ.Curve.KEY_SIZE || !text.equals(ZMQ.Curve.z85Encode(key))) {
			throw new ZmqSecurityException(source + " is not a CURVE key: its " + Z85_LENGTH
					+ " characters are not valid Z85 text; " + HOW_TO_GENERATE);
		}
		return key;
	}

	/**
	 * Whether a public key is the one that belongs to a secret key. A pair that does not
	 * match is a misconfiguration (often the two values swapped) that would otherwise
	 * show only as failed handshakes, and a client whose secret key sits in its
	 * public-key setting would send that secret to the server.
	 * @param publicKey a public key (32 bytes)
	 * @param secretKey a secret key (32 bytes)
	 * @return whether the public key is derived from the secret key
	 */
	public static boolean isPair(byte[] publicKey, byte[] secretKey) {
		byte[] derived = new byte[ZMQ.Curve.KEY_SIZE];
		// JeroMQ's own CURVE library (jnacl), as in its key generation: public = secret x
		// base point.
		curve25519.crypto_scalarmult_base(derived, secretKey.clone());
		return MessageDigest.isEqual(derived, publicKey);
	}

	/** Z85 text of a key; for public keys only, since it ends up in logs. */
	public static String z85(byte[] key) {
		return ZMQ.Curve.z85Encode(key);
	}

	/**
	 * The Z85 text in a key file: the quoted value of a {@code kind = "..."} line, or
	 * else the whole trimmed content.
	 */
	static String fromFile(Path path, String kind, String source) {
		String content;
		try {
			content = Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new ZmqSecurityException(source + " cannot be read (" + ex.getClass().getSimpleName()
					+ "); check that the file exists and this process may read it");
		}
		Matcher certificateLine = Pattern.compile("(?m)^\\s*" + Pattern.quote(kind) + "\\s*=\\s*\"([^\"]*)\"")
			.matcher(content);
		return certificateLine.find() ? certificateLine.group(1).trim() : content.trim();
	}

}
