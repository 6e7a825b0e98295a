package dev.zmqspring.observation;

import dev.zmqspring.core.ZmqEndpoint;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The observation of a send is named {@code zmq.send}, its span {@code send <endpoint>};
 * its tags are those of {@link ZmqObservation#SEND}.
 */
public class DefaultZmqSendObservationConvention implements ZmqSendObservationConvention {

	/** The convention with the topic as a high-cardinality tag (traces only). */
	public static final DefaultZmqSendObservationConvention INSTANCE = new DefaultZmqSendObservationConvention(false);

	private static final KeyValue OPERATION = ZmqObservation.CommonTags.MESSAGING_OPERATION.withValue("send");

	private final boolean topicTag;

	/**
	 * Creates the convention.
	 * @param topicTag whether the topic is a low-cardinality tag (of the meters too);
	 * only for applications whose topics are a small fixed set
	 */
	public DefaultZmqSendObservationConvention(boolean topicTag) {
		this.topicTag = topicTag;
	}

	@Override
	public String getName() {
		return "zmq.send";
	}

	@Override
	public String getContextualName(ZmqSendContext context) {
		return "send " + context.getEndpoint().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ZmqSendContext context) {
		ZmqEndpoint endpoint = context.getEndpoint();
		KeyValues values = ObservationTags.common(OPERATION, endpoint, context)
			.and(ZmqObservation.SendTags.DELIVERY.withValue(endpoint.reliable() ? "at-least-once" : "at-most-once"));
		return this.topicTag ? values.and(ObservationTags.topic(context.getTopic())) : values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ZmqSendContext context) {
		return (this.topicTag || context.getTopic() == null) ? KeyValues.empty()
				: KeyValues.of(ObservationTags.topic(context.getTopic()));
	}

}
