package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.support.ZmqMessage;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The observations of one listener's messages: started when a message was read (or when
 * it failed before that), and the steps that end them, now, when a promise completes, or
 * once a transaction batch committed or rolled back.
 */
final class ListenerObservations {

	private final ZmqObservations observations;

	private final String listenerId;

	private final ZmqEndpoint endpoint;

	/** Whether {@link #observations} observes the endpoint, asked once. */
	private final boolean observed;

	ListenerObservations(ZmqObservations observations, String listenerId, ZmqEndpoint endpoint) {
		this.observations = observations;
		this.listenerId = listenerId;
		this.endpoint = endpoint;
		this.observed = observations.observes(endpoint);
	}

	/**
	 * Starts the observation of a message that was read.
	 * @return the observation, or {@code null} when the endpoint is not observed
	 */
	@Nullable Observation start(ZmqMessage message) {
		return this.observed ? this.observations.listener(this.listenerId, this.endpoint, message).start() : null;
	}

	/**
	 * Records a failure on the message's observation; when the message could not be read
	 * far enough to start one, starts one for the failure.
	 * @return the observation, or {@code null} when the endpoint is not observed
	 */
	@Nullable Observation failed(@Nullable Observation observation, @Nullable ZmqMessage message, Throwable failure) {
		Observation failing = observation;
		if (failing == null && this.observed) {
			failing = this.observations.listener(this.listenerId, this.endpoint, message).start();
		}
		if (failing != null) {
			failing.error(failure);
		}
		return failing;
	}

	/**
	 * Opens the scope of an observation started for a failure, so that the error
	 * handler's log lines carry its trace.
	 */
	static Observation.@Nullable Scope scoped(@Nullable Observation observation, Observation.@Nullable Scope scope) {
		return (scope == null && observation != null) ? observation.openScope() : scope;
	}

	/**
	 * Stops an observation, or for a message of a batch, once the batch committed; when
	 * it rolls back, with a {@link TransactionRolledBackException} (the message is then
	 * processed again, in an observation of its own).
	 */
	static void stopNowOrOnCommit(Observation observation, @Nullable List<Runnable> rollbacks,
			@Nullable List<Runnable> reports) {
		if (rollbacks == null || reports == null) {
			observation.stop();
			return;
		}
		reports.add(observation::stop);
		rollbacks.add(() -> {
			observation.error(new TransactionRolledBackException());
			observation.stop();
		});
	}

	static void error(@Nullable Observation observation, Throwable failure) {
		if (observation != null) {
			observation.error(failure);
		}
	}

	static void stop(@Nullable Observation observation, Observation.@Nullable Scope scope) {
		if (scope != null) {
			scope.close();
		}
		if (observation != null) {
			observation.stop();
		}
	}

}
