package dev.zmqspring.samples.inventory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The order service's side of the durable topic of registrations, written with raw JeroMQ
 * from the frames {@code docs/durable-topics.md} describes: a ROUTER that answers the
 * first fetch of each group with one {@code user.registered} message (the same message
 * for each group), and every later fetch with an empty batch after holding it a moment (a
 * long poll). It records the message ids the groups acknowledge. Its socket lives on its
 * own thread.
 */
final class RegistrationTopic implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String payload;

	private final ZMQ.Socket socket;

	private final Thread thread;

	private final Set<String> served = new HashSet<>();

	final List<String> groupsServed = new CopyOnWriteArrayList<>();

	final List<String> acknowledged = new CopyOnWriteArrayList<>();

	private volatile boolean stopping;

	RegistrationTopic(ZContext context, String payload) {
		this.payload = payload;
		this.socket = context.createSocket(SocketType.ROUTER);
		this.socket.setReceiveTimeOut(100);
		this.socket.bind("tcp://127.0.0.1:*");
		this.thread = new Thread(this::serve, "registration-topic");
	}

	String address() {
		return this.socket.getLastEndpoint();
	}

	RegistrationTopic start() {
		this.thread.start();
		return this;
	}

	private void serve() {
		List<Held> held = new ArrayList<>();
		while (!this.stopping) {
			ZMsg fetch = ZMsg.recvMsg(this.socket);
			long now = System.nanoTime();
			held.removeIf((waiting) -> {
				if (now - waiting.until() < 0) {
					return false;
				}
				answer(waiting.identity(), waiting.fetchId(), false);
				return true;
			});
			if (fetch == null) {
				continue;
			}
			byte[] identity = fetch.pop().getData();
			fetch.pop(); // the empty delimiter
			JsonNode request = JSON.readTree(fetch.pop().getData());
			String group = request.get("group").asString();
			// One a line: the message id, and the attempt acknowledged after a space.
			for (String line : request.get("ack").asString().split("\n")) {
				if (!line.isBlank()) {
					this.acknowledged.add(line.split(" ")[0]);
				}
			}
			String fetchId = request.get("fetch_id").asString();
			// A member's new fetch supersedes the one of its still held.
			held.removeIf((waiting) -> {
				if (!Arrays.equals(waiting.identity(), identity)) {
					return false;
				}
				answer(waiting.identity(), waiting.fetchId(), false);
				return true;
			});
			if (request.get("max").asInt() > 0 && this.served.add(group)) {
				answer(identity, fetchId, true);
				this.groupsServed.add(group);
			}
			else if (request.get("wait_ms").asInt() > 0) {
				// Nothing more for it: held a moment, as the publisher holds a fetch.
				held.add(new Held(identity, fetchId, now + TimeUnit.MILLISECONDS.toNanos(500)));
			}
			else {
				answer(identity, fetchId, false);
			}
		}
	}

	private void answer(byte[] identity, String fetchId, boolean withTheMessage) {
		ZMsg batch = new ZMsg();
		batch.add(identity);
		batch.add(new byte[0]);
		batch.add(head(fetchId, withTheMessage ? 1 : 0));
		if (withTheMessage) {
			batch.add("user.registered");
			batch.add("{\"message_id\":\"registration-1\",\"attempt\":\"1\"}");
			batch.add(this.payload.getBytes(StandardCharsets.UTF_8));
		}
		batch.send(this.socket);
	}

	private static String head(String fetchId, int count) {
		return "{\"zmq_batch\":\"1\",\"fetch_id\":\"" + fetchId + "\",\"count\":\"" + count
				+ "\",\"lease_ms\":\"60000\"}";
	}

	private record Held(byte[] identity, String fetchId, long until) {
	}

	@Override
	public void close() {
		this.stopping = true;
		try {
			this.thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.socket.close();
	}

}
