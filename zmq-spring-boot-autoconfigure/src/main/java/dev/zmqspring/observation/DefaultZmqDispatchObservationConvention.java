package dev.zmqspring.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The observation of one try of the outbox is named {@code zmq.dispatch}, its span
 * {@code dispatch <endpoint>}; its tags are those of {@link ZmqObservation#DISPATCH}. Its
 * timer measures how long receivers take to acknowledge.
 */
public class DefaultZmqDispatchObservationConvention implements ZmqDispatchObservationConvention {

	/** The convention. */
	public static final DefaultZmqDispatchObservationConvention INSTANCE = new DefaultZmqDispatchObservationConvention();

	private static final KeyValue OPERATION = ZmqObservation.CommonTags.MESSAGING_OPERATION.withValue("dispatch");

	@Override
	public String getName() {
		return "zmq.dispatch";
	}

	@Override
	public String getContextualName(ZmqDispatchContext context) {
		return "dispatch " + context.getEndpoint().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ZmqDispatchContext context) {
		return ObservationTags.common(OPERATION, context.getEndpoint(), context);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ZmqDispatchContext context) {
		return KeyValues.of(ZmqObservation.ListenerTags.MESSAGE_ID.withValue(context.getMessageId()),
				ZmqObservation.DispatchTags.ATTEMPT.withValue(Integer.toString(context.getAttempt())));
	}

}
