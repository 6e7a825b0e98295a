package dev.zmqspring.docs.receiving;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqHandler;
import dev.zmqspring.annotation.ZmqListener;
import org.springframework.stereotype.Component;

/** The handlers by payload type of docs/receiving.md. */
// tag::types[]
@Component
@ZmqListener(endpoint = "stock-events")         // one PULL socket, two kinds of message
class StockEventHandlers {

	final List<Object> handled = new CopyOnWriteArrayList<>();           // what the example did

	@ZmqHandler                                 // payload_type "stock-received"
	void received(StockReceived event) {
		this.handled.add(event);
	}

	@ZmqHandler                                 // payload_type "stock-counted"
	void counted(StockCounted event) {
		this.handled.add(event);
	}

}
// end::types[]
