package dev.zmqspring.config;

import java.util.Optional;

import dev.zmqspring.core.ZmqOperations;
import dev.zmqspring.listener.ZmqMessageListener;
import dev.zmqspring.support.ZmqMessage;
import org.jspecify.annotations.Nullable;

/**
 * A one-way listener whose return value is sent on to another endpoint
 * ({@link dev.zmqspring.annotation.ZmqSendTo}); it answers nothing itself.
 */
final class SendingListener implements ZmqMessageListener {

	private final ZmqMessageListener delegate;

	private final ZmqOperations template;

	private final String endpoint;

	SendingListener(ZmqMessageListener delegate, ZmqOperations template, String endpoint) {
		this.delegate = delegate;
		this.template = template;
		this.endpoint = endpoint;
	}

	/** The listener whose return value is sent on. */
	ZmqMessageListener delegate() {
		return this.delegate;
	}

	@Override
	public @Nullable Object onMessage(ZmqMessage message) throws Exception {
		Object result = this.delegate.onMessage(message);
		if (result instanceof Optional<?> optional) {
			result = optional.orElse(null);
		}
		if (result != null) {
			this.template.convertAndSend(this.endpoint, result);
		}
		return null;
	}

}
