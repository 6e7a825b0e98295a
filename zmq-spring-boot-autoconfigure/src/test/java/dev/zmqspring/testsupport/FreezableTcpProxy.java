package dev.zmqspring.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 that can go silent without closing its connections: what a
 * peer that hangs (or a network that drops packets) looks like to a ZeroMQ socket. Counts
 * the connections it accepts.
 */
public final class FreezableTcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final AtomicInteger accepted = new AtomicInteger();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object gate = new Object();

	private volatile boolean frozen;

	private volatile boolean closed;

	public FreezableTcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "freezable-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** The port clients connect to. */
	public int getPort() {
		return this.server.getLocalPort();
	}

	/** How many connections were accepted so far. */
	public int getAccepted() {
		return this.accepted.get();
	}

	/** Stops relaying in both directions; connections stay open. */
	public void freeze() {
		this.frozen = true;
	}

	/** Relays again. */
	public void thaw() {
		synchronized (this.gate) {
			this.frozen = false;
			this.gate.notifyAll();
		}
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				this.accepted.incrementAndGet();
				Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(target);
				pump(client, target);
				pump(target, client);
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					awaitThawed();
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// The connection ended.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "freezable-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private void awaitThawed() throws InterruptedException {
		synchronized (this.gate) {
			while (this.frozen && !this.closed) {
				this.gate.wait(100);
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		thaw();
		closeQuietly(this.server);
		this.sockets.forEach(FreezableTcpProxy::closeQuietly);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing anyway.
		}
	}

}
