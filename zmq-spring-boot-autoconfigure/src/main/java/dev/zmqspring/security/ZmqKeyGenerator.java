package dev.zmqspring.security;

import java.io.PrintStream;

import org.zeromq.ZMQ;

/**
 * Prints a new CURVE key pair in Z85 text, ready to paste into configuration or to store in two files:
 * <pre>
 * java -cp zmq-spring-boot-autoconfigure.jar:jeromq.jar:jnacl.jar dev.zmqspring.security.ZmqKeyGenerator
 * </pre>
 * The output has two lines, {@code public-key = "..."} and {@code secret-key = "..."}, the format of a ZeroMQ
 * certificate file, which {@code file:} key settings also read. Give the public key to the peers; keep the secret
 * key secret.
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

	static void print(PrintStream out) {
		ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
		out.println("public-key = \"" + pair.publicKey + "\"");
		out.println("secret-key = \"" + pair.secretKey + "\"");
	}

}
