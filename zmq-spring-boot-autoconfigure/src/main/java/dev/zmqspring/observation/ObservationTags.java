package dev.zmqspring.observation;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/** The tag values that the default conventions share. */
final class ObservationTags {

	static final KeyValue SYSTEM = ZmqObservation.CommonTags.MESSAGING_SYSTEM.withValue("zeromq");

	static final KeyValue SUCCESS = ZmqObservation.CommonTags.OUTCOME.withValue("success");

	static final KeyValue FAILURE = ZmqObservation.CommonTags.OUTCOME.withValue("failure");

	static final KeyValue TIMEOUT = ZmqObservation.CommonTags.OUTCOME.withValue("timeout");

	static final KeyValue REMOTE_ERROR = ZmqObservation.CommonTags.OUTCOME.withValue("remote-error");

	static final KeyValue NO_EXCEPTION = ZmqObservation.CommonTags.EXCEPTION.withValue("none");

	static final KeyValue NO_TOPIC = ZmqObservation.CommonTags.TOPIC.withValue("none");

	private ObservationTags() {
	}

	/**
	 * The tags every observation of the starter has: the system, the operation, the
	 * endpoint, its socket type, the outcome and the exception.
	 */
	static KeyValues common(KeyValue operation, ZmqEndpoint endpoint, Observation.Context context) {
		return KeyValues.of(SYSTEM, operation, ZmqObservation.CommonTags.DESTINATION.withValue(endpoint.name()),
				ZmqObservation.CommonTags.SOCKET_TYPE.withValue(endpoint.type().name()), outcome(context),
				exception(context));
	}

	static KeyValue outcome(Observation.Context context) {
		Throwable error = context.getError();
		if (error == null) {
			return SUCCESS;
		}
		if (error instanceof ZmqRequestTimeoutException) {
			return TIMEOUT;
		}
		return (error instanceof ZmqRemoteException) ? REMOTE_ERROR : FAILURE;
	}

	static KeyValue exception(Observation.Context context) {
		Throwable error = context.getError();
		if (error == null) {
			return NO_EXCEPTION;
		}
		String name = error.getClass().getSimpleName();
		return ZmqObservation.CommonTags.EXCEPTION.withValue(name.isEmpty() ? error.getClass().getName() : name);
	}

	static KeyValue topic(@Nullable String topic) {
		return (topic != null) ? ZmqObservation.CommonTags.TOPIC.withValue(topic) : NO_TOPIC;
	}

}
