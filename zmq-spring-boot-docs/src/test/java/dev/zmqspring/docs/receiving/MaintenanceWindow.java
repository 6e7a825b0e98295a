package dev.zmqspring.docs.receiving;

import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.springframework.stereotype.Component;

/** Pauses and resumes a listener by its id (docs/receiving.md, "Lifecycle"). */
@Component
class MaintenanceWindow {

	private final ZmqListenerEndpointRegistry registry;

	MaintenanceWindow(ZmqListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	// tag::pause[]
	void begin() {
		ZmqListenerContainer reservations = this.registry.getListenerContainer("reservations");
		reservations.pause();       // stops reading; messages wait in ZeroMQ's queue, senders feel back-pressure
	}

	void end() {
		this.registry.getListenerContainer("reservations").resume();
	}
	// end::pause[]

}
