package dev.zmqspring.observation;

import dev.zmqspring.support.ZmqMessage;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The observation of a listener invocation is named {@code zmq.listener}, its span
 * {@code process <endpoint>}; its tags are those of {@link ZmqObservation#LISTENER}.
 */
public class DefaultZmqListenerObservationConvention implements ZmqListenerObservationConvention {

	/** The convention with the topic as a high-cardinality tag (traces only). */
	public static final DefaultZmqListenerObservationConvention INSTANCE = new DefaultZmqListenerObservationConvention(
			false);

	private static final KeyValue OPERATION = ZmqObservation.CommonTags.MESSAGING_OPERATION.withValue("process");

	/** The header of an at-least-once or durable delivery that names its message. */
	private static final String MESSAGE_ID_HEADER = "message_id";

	private final boolean topicTag;

	/**
	 * Creates the convention.
	 * @param topicTag whether the topic is a low-cardinality tag (of the meters too);
	 * only for applications whose topics are a small fixed set
	 */
	public DefaultZmqListenerObservationConvention(boolean topicTag) {
		this.topicTag = topicTag;
	}

	@Override
	public String getName() {
		return "zmq.listener";
	}

	@Override
	public String getContextualName(ZmqListenerContext context) {
		return "process " + context.getEndpoint().name();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ZmqListenerContext context) {
		KeyValues values = ObservationTags.common(OPERATION, context.getEndpoint(), context)
			.and(ZmqObservation.ListenerTags.LISTENER_ID.withValue(context.getListenerId()));
		return this.topicTag ? values.and(ObservationTags.topic(topic(context))) : values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ZmqListenerContext context) {
		KeyValues values = KeyValues.empty();
		String topic = topic(context);
		if (!this.topicTag && topic != null) {
			values = values.and(ObservationTags.topic(topic));
		}
		ZmqMessage message = context.getMessage();
		String id = (message != null) ? message.getHeaders().get(MESSAGE_ID_HEADER) : null;
		return (id != null) ? values.and(ZmqObservation.ListenerTags.MESSAGE_ID.withValue(id)) : values;
	}

	private static @Nullable String topic(ZmqListenerContext context) {
		ZmqMessage message = context.getMessage();
		return (message != null) ? message.getTopic() : null;
	}

}
