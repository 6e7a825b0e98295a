package dev.zmqspring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the starter, their tags and events. Every tag named here is set on
 * every observation of its kind (with {@code none} or {@code unknown} where there is no
 * value), so that meters have a fixed set of tags.
 */
public enum ZmqObservation implements ObservationDocumentation {

	/**
	 * A one-way send on a PUB, PUSH, PAIR or DEALER endpoint, or a message stored for
	 * at-least-once delivery.
	 */
	SEND {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZmqSendObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { CommonTags.MESSAGING_SYSTEM, CommonTags.MESSAGING_OPERATION, CommonTags.DESTINATION,
					CommonTags.SOCKET_TYPE, SendTags.DELIVERY, CommonTags.OUTCOME, CommonTags.EXCEPTION };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { CommonTags.TOPIC };
		}
	},

	/** A request on a REQ or DEALER endpoint, from the call to its reply or timeout. */
	REQUEST {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZmqRequestObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { CommonTags.MESSAGING_SYSTEM, CommonTags.MESSAGING_OPERATION, CommonTags.DESTINATION,
					CommonTags.SOCKET_TYPE, CommonTags.OUTCOME, CommonTags.EXCEPTION };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { RequestTags.ATTEMPTS };
		}

		@Override
		public Observation.Event[] getEvents() {
			return new Observation.Event[] { Events.RETRY };
		}
	},

	/**
	 * One try of the outbox at delivering a stored message (at-least-once DEALER or REQ
	 * endpoints), from the send to the acknowledgement or its timeout.
	 */
	DISPATCH {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZmqDispatchObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { CommonTags.MESSAGING_SYSTEM, CommonTags.MESSAGING_OPERATION, CommonTags.DESTINATION,
					CommonTags.SOCKET_TYPE, CommonTags.OUTCOME, CommonTags.EXCEPTION };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { ListenerTags.MESSAGE_ID, DispatchTags.ATTEMPT };
		}
	},

	/**
	 * One message processed by a listener: decoding, the method and its reply. A message
	 * an at-least-once listener moved to the dead-letter store has the event
	 * {@link Events#DEAD_LETTER}.
	 */
	LISTENER {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultZmqListenerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { CommonTags.MESSAGING_SYSTEM, CommonTags.MESSAGING_OPERATION, CommonTags.DESTINATION,
					CommonTags.SOCKET_TYPE, ListenerTags.LISTENER_ID, CommonTags.OUTCOME, CommonTags.EXCEPTION };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { CommonTags.TOPIC, ListenerTags.MESSAGE_ID };
		}

		@Override
		public Observation.Event[] getEvents() {
			return new Observation.Event[] { Events.DEAD_LETTER };
		}
	};

	/** Tags of every observation of the starter. */
	public enum CommonTags implements KeyName {

		/** Always {@code zeromq}. */
		MESSAGING_SYSTEM {
			@Override
			public String asString() {
				return "messaging.system";
			}
		},

		/** {@code send}, {@code request}, {@code dispatch} or {@code process}. */
		MESSAGING_OPERATION {
			@Override
			public String asString() {
				return "messaging.operation";
			}
		},

		/** The endpoint's name (the key under {@code zmq.endpoints}). */
		DESTINATION {
			@Override
			public String asString() {
				return "messaging.destination.name";
			}
		},

		/** The socket type, such as {@code PUSH}. */
		SOCKET_TYPE {
			@Override
			public String asString() {
				return "zmq.socket.type";
			}
		},

		/**
		 * {@code success} or {@code failure}; a request also {@code timeout} or
		 * {@code remote-error} (the server's listener failed).
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "zmq.outcome";
			}
		},

		/** The simple name of the exception's class, or {@code none}. */
		EXCEPTION {
			@Override
			public String asString() {
				return "exception";
			}
		},

		/**
		 * The topic of a PUB/SUB message. A high-cardinality tag (traces only), unless
		 * {@code zmq.observation.topic-tag=true} makes it a tag of the meters too.
		 */
		TOPIC {
			@Override
			public String asString() {
				return "zmq.topic";
			}
		}

	}

	/** Tags of sends only. */
	public enum SendTags implements KeyName {

		/** {@code at-most-once} or {@code at-least-once}. */
		DELIVERY {
			@Override
			public String asString() {
				return "zmq.delivery";
			}
		}

	}

	/** Tags of requests only. */
	public enum RequestTags implements KeyName {

		/** How many times the request was sent (high cardinality). */
		ATTEMPTS {
			@Override
			public String asString() {
				return "zmq.request.attempts";
			}
		}

	}

	/** Tags of the outbox's tries only. */
	public enum DispatchTags implements KeyName {

		/** The try, from 1 (high cardinality). */
		ATTEMPT {
			@Override
			public String asString() {
				return "zmq.attempt";
			}
		}

	}

	/** Tags of listener invocations only. */
	public enum ListenerTags implements KeyName {

		/** The listener container's id. */
		LISTENER_ID {
			@Override
			public String asString() {
				return "zmq.listener.id";
			}
		},

		/**
		 * The message id of an at-least-once or durable delivery (high cardinality),
		 * where the message has one; also a tag of the outbox's tries.
		 */
		MESSAGE_ID {
			@Override
			public String asString() {
				return "messaging.message.id";
			}
		}

	}

	/** Events of the observations. */
	public static final class Events {

		/** A request that timed out is sent again, on a fresh socket. */
		public static final Observation.Event RETRY = Observation.Event.of("zmq.request.retry");

		/**
		 * An at-least-once listener failed on the message for the last time and moved it
		 * to the dead-letter store.
		 */
		public static final Observation.Event DEAD_LETTER = Observation.Event.of("zmq.dead-letter");

		private Events() {
		}

	}

}
