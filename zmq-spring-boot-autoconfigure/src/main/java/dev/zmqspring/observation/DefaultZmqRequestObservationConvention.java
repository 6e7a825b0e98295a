package dev.zmqspring.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The observation of a request is named {@code zmq.request}, its span
 * {@code request <endpoint>}; its tags are those of {@link ZmqObservation#REQUEST}.
 */
public class DefaultZmqRequestObservationConvention implements ZmqRequestObservationConvention {

	/** The convention. */
	public static final DefaultZmqRequestObservationConvention INSTANCE = new DefaultZmqRequestObservationConvention();

	private static final KeyValue OPERATION = ZmqObservation.CommonTags.MESSAGING_OPERATION.withValue("request");

	@Override
	public String getName() {
		return "zmq.request";
	}

	@Override
	public String getContextualName(ZmqRequestContext context) {
		return "request " + context.getEndpoint().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ZmqRequestContext context) {
		return ObservationTags.common(OPERATION, context.getEndpoint(), context);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ZmqRequestContext context) {
		return KeyValues.of(ZmqObservation.RequestTags.ATTEMPTS.withValue(Integer.toString(context.getAttempts())));
	}

}
