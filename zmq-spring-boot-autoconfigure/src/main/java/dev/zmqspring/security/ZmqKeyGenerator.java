package dev.zmqspring.security;

import java.io.PrintStream;

import org.zeromq.ZMQ;

/**
 * Prints a new CURVE key pair in Z85 text, ready to paste into configuration or to store
 * in two files: <pre>
 * java -cp zmq-spring-boot-autoconfigure.jar:jeromq.jar:jnacl.jar dev.zmqspring.security.ZmqKeyGenerator
 * </pre> The output has two lines, {@code public-key = "..."} and
 * {@code secret-key = "..."}, the format of a ZeroMQ certificate file, which
 * {@code file:} key settings also read. Give the public key to the peers; keep the secret
 * key secret.
 * <p>
 * Neither half of a printed pair contains <code>${</code>: Z85 text may, and Spring would
 * then read part of the key as a placeholder (replacing {@code ${a:b}} with {@code b},
 * for example).
 */
public final class ZmqKeyGenerator {

	private ZmqKeyGenerator() {
	}

	/**
	 * Prints a new key pair to standard output.
	 * @param args ignored
	 */
	public static void main(String[] args) {
		print(System.out);
	}

	/**
	 * A new key pair whose Z85 text Spring reads as it is: neither half contains
	 * <code>${</code>.
	 * @return the key pair
	 */
	public static ZMQ.Curve.KeyPair generate() {
		ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
		while (!safeInConfiguration(pair.publicKey) || !safeInConfiguration(pair.secretKey)) {
			// About one pair in a hundred; drawing again costs nothing.
			pair = ZMQ.Curve.generateKeyPair();
		}
		return pair;
	}

	/**
	 * Whether Spring leaves this text alone in a property value: it holds no placeholder
	 * prefix.
	 */
	static boolean safeInConfiguration(String z85) {
		return !z85.contains("${");
	}

	static void print(PrintStream out) {
		ZMQ.Curve.KeyPair pair = generate();
		out.println("public-key = \"" + pair.publicKey + "\"");
		out.println("secret-key = \"" + pair.secretKey + "\"");
	}

}
