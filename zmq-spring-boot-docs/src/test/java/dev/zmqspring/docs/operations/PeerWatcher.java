package dev.zmqspring.docs.operations;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.event.ZmqSocketDisconnectedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Listens to the orders endpoint and to the starter's connection events (docs/operations.md). */
@Component
class PeerWatcher {

	private static final Log logger = LogFactory.getLog(PeerWatcher.class);

	final List<String> alerts = new CopyOnWriteArrayList<>();

	@ZmqListener(endpoint = "orders")
	void onOrder(String order) {
	}

	// tag::event[]
	@EventListener
	void peerLost(ZmqSocketDisconnectedEvent event) {
		if (event.getConnectedPeers() == 0) {
			logger.warn("No peer left on " + event.getEndpointName());
			this.alerts.add(event.getEndpointName());
		}
	}
	// end::event[]

}
