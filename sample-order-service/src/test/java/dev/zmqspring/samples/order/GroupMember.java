package dev.zmqspring.samples.order;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member of a subscription group of a durable topic, written with raw JeroMQ from the
 * frames {@code docs/durable-topics.md} describes: a REQ socket that fetches one message
 * at a time and acknowledges it with its next fetch. The tests stand in for inventory's
 * e-mail group with it.
 */
final class GroupMember implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ZMQ.Socket socket;

	private final String group;

	private final List<String> acknowledged = new ArrayList<>();

	private int fetches;

	GroupMember(ZContext context, String address, String group) {
		this.group = group;
		this.socket = context.createSocket(SocketType.REQ);
		this.socket.setReceiveTimeOut(10_000);
		this.socket.setLinger(0);
		this.socket.connect(address);
	}

	/**
	 * The payload of the group's next message, waiting up to 10 s; acknowledges the one
	 * before.
	 */
	JsonNode next() {
		for (int waited = 0; waited < 10; waited++) {
			ZMsg batch = fetch(1, 1000);
			this.acknowledged.clear();
			JsonNode head = JSON.readTree(batch.pop().getData());
			if (head.get("count").asInt() == 1) {
				batch.pop();
				JsonNode headers = JSON.readTree(batch.pop().getData());
				this.acknowledged.add(headers.get("message_id").asString());
				return JSON.readTree(batch.pop().getData());
			}
		}
		throw new AssertionError("No message of group " + this.group + " within 10 s");
	}

	private ZMsg fetch(int max, int waitMillis) {
		String fetch = "{\"zmq_fetch\":\"1\",\"fetch_id\":\"" + (++this.fetches) + "\",\"group\":\"" + this.group
				+ "\",\"start\":\"latest\",\"max\":\"" + max + "\",\"wait_ms\":\"" + waitMillis + "\",\"ack\":\""
				+ String.join("\\n", this.acknowledged) + "\",\"failed\":\"\",\"topics\":\"user.registered\"}";
		this.socket.send(fetch.getBytes(StandardCharsets.UTF_8));
		ZMsg batch = ZMsg.recvMsg(this.socket);
		assertThat(batch).as("an answer to fetch %d within 10 s", this.fetches).isNotNull();
		return batch;
	}

	@Override
	public void close() {
		if (!this.acknowledged.isEmpty()) {
			fetch(0, 0);
		}
		this.socket.close();
	}

}
