package dev.zmqspring.docs.patterns;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.support.ZmqMessage;
import org.springframework.stereotype.Component;

/** An asynchronous server: a ROUTER that answers each client, which it tells apart by its identity. */
@Component
class JobServer {

	final Set<String> clients = ConcurrentHashMap.newKeySet();

	// tag::router[]
	@ZmqListener(type = "ROUTER", bind = "${jobs.address:tcp://127.0.0.1:5580}")
	String accept(String job, ZmqMessage message) {
		this.clients.add(java.util.HexFormat.of().formatHex(message.getIdentity()));   // who asked
		return "accepted " + job;                                                      // goes back to that client
	}
	// end::router[]

}
