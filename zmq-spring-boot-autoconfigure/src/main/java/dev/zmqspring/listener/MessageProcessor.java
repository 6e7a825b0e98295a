package dev.zmqspring.listener;

import java.util.List;
import java.util.concurrent.CompletionStage;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.RefusedFrames;
import dev.zmqspring.core.ThreadTally;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.support.ErrorReply;
import dev.zmqspring.support.ZmqFrameDecoder;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.ZmqMessageFormatException;
import dev.zmqspring.support.converter.ZmqConversionException;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * One step of every listener container: decode the frames, call the listener, and build
 * the reply for REP/ROUTER endpoints. A failure never escapes: it is counted, handed to
 * the error handler, and answered with an {@link ErrorReply} where the peer waits for a
 * reply. Stateless, so worker threads share it.
 * <p>
 * A listener that returns a {@link CompletionStage} (or a {@code Mono}) answers when it
 * completes: the reply is built on the thread that completed it and handed to the
 * socket's owner thread ({@link LaterReplies}); on a one-way endpoint, a failure it
 * completes with goes to the error handler like a thrown one.
 */
final class MessageProcessor {

	private static final byte[] EMPTY = new byte[0];

	/** What {@link #answerLater} returns when the answer comes later. */
	private static final Object ANSWERED_LATER = new Object();

	private static final byte[] OVERLOADED_REPLY = ErrorReply.encode(ErrorReply.OVERLOADED,
			"The request was refused unread: the server's receive buffer was full; try again later");

	private final String listenerId;

	private final ZmqEndpoint endpoint;

	private final ZmqFrameDecoder decoder;

	private final ZmqMessageListener listener;

	private final ZmqMessageConverter converter;

	private final ZmqListenerErrorHandler errorHandler;

	private final EndpointStatistics statistics;

	private final boolean replies;

	private final boolean repliesLater;

	private volatile @Nullable ZmqListenerObserver observer;

	private volatile ListenerObservations observations;

	MessageProcessor(String listenerId, ZmqEndpoint endpoint, ZmqFrameDecoder decoder, ZmqMessageListener listener,
			ZmqMessageConverter converter, ZmqListenerErrorHandler errorHandler, EndpointStatistics statistics) {
		this.listenerId = listenerId;
		this.endpoint = endpoint;
		this.observations = new ListenerObservations(ZmqObservations.NONE, listenerId, endpoint);
		this.decoder = decoder;
		this.listener = listener;
		this.converter = converter;
		this.errorHandler = errorHandler;
		this.statistics = statistics;
		this.replies = endpoint.type().repliesToRequests();
		this.repliesLater = this.replies && (listener instanceof RepliesLater
				|| (listener instanceof MethodZmqMessageListener method && method.returnsPromise())
				|| (listener instanceof HandlerDispatcher dispatcher && dispatcher.mayReplyLater()));
	}

	/**
	 * Whether the listener is declared to answer later (a method returning a
	 * {@link CompletionStage} or a {@code Mono} on a REP or ROUTER endpoint): its loop
	 * must poll {@link LaterReplies} next to the socket.
	 */
	boolean repliesLater() {
		return this.repliesLater;
	}

	/**
	 * Processes one message.
	 * @param frames the frames as received
	 * @param later where replies completed later go, or {@code null} when the listener
	 * does not {@link #repliesLater() reply later}
	 * @return the reply frames (envelope included) for REP/ROUTER endpoints, else
	 * {@code null}; {@code null} too when the reply comes later
	 */
	byte @Nullable [][] process(List<byte[]> frames, ThreadTally counter, @Nullable LaterReplies later) {
		return process(frames, counter, later, null);
	}

	/**
	 * Processes one message of a one-way endpoint (a durable subscription's delivery) and
	 * says whether the listener took it: its failure went to the error handler.
	 * @param frames the message's frames
	 * @return whether the listener returned normally
	 */
	boolean processForAcknowledgement(List<byte[]> frames, ThreadTally counter) {
		boolean[] failed = new boolean[1];
		process(frames, counter, null, failed);
		return !failed[0];
	}

	/**
	 * Processes one message and says whether the listener failed on it.
	 * @param failed set to whether the listener failed (its failure went to the error
	 * handler)
	 * @return the reply frames for REP/ROUTER endpoints, else {@code null}
	 */
	byte @Nullable [][] processReporting(List<byte[]> frames, ThreadTally counter, boolean[] failed) {
		return process(frames, counter, null, failed);
	}

	/**
	 * The listener, when it may process several messages in one transaction (batches of
	 * more than one), else {@code null}.
	 */
	@Nullable TransactionalBatches transactionalBatches() {
		return (this.listener instanceof TransactionalBatches batches && batches.transactionBatchSize() > 1) ? batches
				: null;
	}

	/**
	 * Processes one message of a batch that runs in one transaction
	 * ({@link TransactionalBatches#inOneTransaction}). Its frames are not counted: the
	 * caller counts them once the batch committed (when it rolls back, they are
	 * processed, and counted, again). A failure of the listener is thrown as
	 * {@link TransactionalBatches.Abort}, not handled.
	 * @param failed set to whether the message failed in a way that does not abort the
	 * batch (frames the listener could not be given)
	 * @param reports where what is counted, observed and handed to the error handler for
	 * the message goes, to be done once the batch committed (dropped when it rolls back:
	 * its messages are processed again, and reported then)
	 * @return the reply frames for REP/ROUTER endpoints, else {@code null}
	 */
	byte @Nullable [][] processInBatch(List<byte[]> frames, boolean[] failed, List<Runnable> reports,
			List<Runnable> rollbacks) {
		return process(frames, null, null, failed, reports, rollbacks);
	}

	private byte @Nullable [][] process(List<byte[]> frames, ThreadTally counter, @Nullable LaterReplies later,
			boolean @Nullable [] outcome) {
		return process(frames, counter, later, outcome, null, null);
	}

	private byte @Nullable [][] process(List<byte[]> frames, @Nullable ThreadTally counter,
			@Nullable LaterReplies later, boolean @Nullable [] outcome, @Nullable List<Runnable> reports,
			@Nullable List<Runnable> rollbacks) {
		if (counter != null) {
			counter.count(frames);
		}
		if (RefusedFrames.anyRefused(frames)) {
			if (outcome != null) {
				outcome[0] = true;
			}
			report(reports, () -> countRefused());
			return refusedReply(frames);
		}
		ZmqListenerObserver observing = this.observer;
		long start = (observing != null) ? System.nanoTime() : 0L;
		boolean failed = true;
		boolean aborted = false;
		ZmqMessage message = null;
		ListenerObservations observations = this.observations;
		Observation observation = null;
		Observation.Scope scope = null;
		boolean stopsLater = false;
		try {
			message = this.decoder.decode(frames);
			observation = observations.start(message);
			if (observation != null) {
				scope = observation.openScope();
			}
			Object result = this.listener.onMessage(message);
			CompletionStage<?> stage = Promises.of(result);
			if (stage != null) {
				if (scope != null && (!this.replies || later != null)) {
					// The promise's callback opens the observation's scope on the thread
					// that completes it, maybe this one, now: this thread's ends here.
					scope.close();
					scope = null;
				}
				result = answerLater(frames, message, stage, later, observation);
				if (result == ANSWERED_LATER) {
					failed = false;
					stopsLater = observation != null;
					return null;
				}
			}
			byte[][] reply = this.replies ? replyOf(frames, message.getEnvelope().size(), result) : null;
			failed = false;
			return reply;
		}
		catch (TransactionalBatches.Abort ex) {
			// Its batch is rolled back and processed again, a message at a time.
			aborted = true;
			observation = observations.failed(observation, message, (ex.getCause() != null) ? ex.getCause() : ex);
			scope = ListenerObservations.scoped(observation, scope);
			throw ex;
		}
		catch (HandlerDispatcher.NoHandlerException ex) {
			observation = observations.failed(observation, message, ex);
			scope = ListenerObservations.scoped(observation, scope);
			fail(reports, frames, message, ex.getMessage(), ex);
			return this.replies ? errorReply(frames, message, ErrorReply.BAD_REQUEST,
					"No handler of the listener takes this message's topic or payload type") : null;
		}
		catch (ZmqMessageFormatException | ZmqConversionException ex) {
			observation = observations.failed(observation, message, ex);
			scope = ListenerObservations.scoped(observation, scope);
			fail(reports, frames, message, ex.getMessage(), ex);
			// The detail (class names, parser positions) stays in the log; the client
			// learns what kind of failure.
			return this.replies ? errorReply(frames, message, ErrorReply.BAD_REQUEST,
					(ex instanceof ZmqConversionException)
							? "The request could not be read as the listener's payload type"
							: "The request does not have the frames or headers the endpoint expects")
					: null;
		}
		catch (PayloadNotValidException ex) {
			observation = observations.failed(observation, message, ex);
			scope = ListenerObservations.scoped(observation, scope);
			fail(reports, frames, message, "payload failed validation", ex);
			return this.replies ? errorReply(frames, message, ErrorReply.BAD_REQUEST, notValid(ex)) : null;
		}
		catch (Exception | LinkageError | AssertionError ex) {
			observation = observations.failed(observation, message, ex);
			scope = ListenerObservations.scoped(observation, scope);
			if (reports != null && ex instanceof Error) {
				// Its transaction is marked for rollback: the batch is processed again.
				aborted = true;
				throw new TransactionalBatches.Abort(ex);
			}
			fail(reports, frames, message, "listener method threw " + ex.getClass().getName(), ex);
			return this.replies ? errorReply(frames, message, ErrorReply.LISTENER_FAILED,
					"The listener threw " + ex.getClass().getSimpleName()) : null;
		}
		finally {
			if (scope != null) {
				scope.close();
			}
			if (observation != null && !stopsLater) {
				ListenerObservations.stopNowOrOnCommit(observation, (reports != null && !aborted) ? rollbacks : null,
						reports);
			}
			if (outcome != null) {
				outcome[0] = failed;
			}
			if (observing != null && !aborted) {
				long nanos = System.nanoTime() - start;
				if (reports == null) {
					observe(observing, nanos, failed);
				}
				else {
					boolean failure = failed;
					reports.add(() -> observe(observing, nanos, failure));
				}
			}
		}
	}

	/** What a client learns of a payload that failed validation: the fields and why. */
	private static String notValid(MethodArgumentNotValidException ex) {
		StringBuilder text = new StringBuilder("The request is not valid");
		BindingResult result = ex.getBindingResult();
		if (result != null) {
			String separator = ": ";
			for (ObjectError error : result.getAllErrors().stream().limit(5).toList()) {
				String what = (error instanceof FieldError field) ? field.getField() : error.getObjectName();
				String why = (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is not valid";
				text.append(separator).append(what).append(' ').append(why);
				separator = "; ";
			}
		}
		return text.toString();
	}

	/**
	 * Counts a message the socket read past and threw away for its receive-buffer budget
	 * (the socket's guard logged it).
	 */
	private void countRefused() {
		this.statistics.error("A message was refused unread: it did not fit the endpoint's receive-buffer-budget");
	}

	/** The answer to a refused message, where the peer waits. */
	private byte @Nullable [][] refusedReply(List<byte[]> frames) {
		return this.replies ? reply(frames, ZmqFrameDecoder.envelopeSize(frames), OVERLOADED_REPLY) : null;
	}

	/** Reports now, or once the batch committed when the message is part of one. */
	private static void report(@Nullable List<Runnable> reports, Runnable report) {
		if (reports != null) {
			reports.add(report);
		}
		else {
			report.run();
		}
	}

	private void fail(@Nullable List<Runnable> reports, List<byte[]> frames, @Nullable ZmqMessage message,
			@Nullable String description, Throwable cause) {
		report(reports, () -> fail(frames, message, description, cause));
	}

	/**
	 * Arranges for what a listener promised: a reply sent when it completes, or its
	 * failure handled.
	 * @return {@link #ANSWERED_LATER}, or the value the promise completed with, waited
	 * for here, when the listener was not declared to reply later (a
	 * {@link ZmqMessageListener} of the application's own)
	 */
	private @Nullable Object answerLater(List<byte[]> frames, ZmqMessage message, CompletionStage<?> stage,
			@Nullable LaterReplies later, @Nullable Observation observation) throws Exception {
		if (!this.replies) {
			stage.whenComplete((value, failure) -> {
				Observation.Scope scope = (observation != null) ? observation.openScope() : null;
				try {
					if (failure != null) {
						Throwable cause = Promises.unwrap(failure);
						ListenerObservations.error(observation, cause);
						fail(frames, message, "listener's CompletionStage completed with " + cause.getClass().getName(),
								cause);
					}
				}
				finally {
					ListenerObservations.stop(observation, scope);
				}
			});
			return ANSWERED_LATER;
		}
		if (later == null) {
			return Promises.await(stage);
		}
		long bytes = 0;
		for (byte[] frame : frames) {
			bytes += frame.length;
		}
		long owedBytes = bytes;
		later.owe(owedBytes);
		stage.whenComplete((value, failure) -> {
			Observation.Scope scope = (observation != null) ? observation.openScope() : null;
			byte[][] reply = null;
			try {
				reply = completed(frames, message, value, failure, observation);
			}
			finally {
				// Whatever failed building it, the requester gets an answer and the reply
				// is no longer owed.
				if (reply == null) {
					reply = errorReply(frames, message, ErrorReply.LISTENER_FAILED,
							"The listener's reply could not be built");
				}
				later.post(reply, owedBytes);
				ListenerObservations.stop(observation, scope);
			}
		});
		return ANSWERED_LATER;
	}

	/** The reply to a request, once the listener's promise completed. */
	private byte[][] completed(List<byte[]> frames, ZmqMessage message, @Nullable Object value,
			@Nullable Throwable failure, @Nullable Observation observation) {
		int envelope = message.getEnvelope().size();
		if (failure == null) {
			try {
				return replyOf(frames, envelope, value);
			}
			catch (RuntimeException ex) {
				ListenerObservations.error(observation, ex);
				fail(frames, message, "listener's reply could not be written: " + ex.getClass().getName(), ex);
				return errorReply(frames, message, ErrorReply.LISTENER_FAILED,
						"The listener's reply could not be written");
			}
		}
		Throwable cause = Promises.unwrap(failure);
		ListenerObservations.error(observation, cause);
		fail(frames, message, "listener's CompletionStage completed with " + cause.getClass().getName(), cause);
		return errorReply(frames, message, ErrorReply.LISTENER_FAILED,
				"The listener failed with " + cause.getClass().getSimpleName());
	}

	private void observe(ZmqListenerObserver observing, long nanos, boolean failed) {
		try {
			observing.processed(nanos, failed);
		}
		catch (RuntimeException ex) {
			// Metrics must never stop a listener.
			org.apache.commons.logging.LogFactory.getLog(MessageProcessor.class)
				.debug("Observer of listener '" + this.listenerId + "' failed", ex);
		}
	}

	/**
	 * Sets which observations are made of this listener's messages.
	 * @param observations the observations ({@link ZmqObservations#NONE}: none)
	 */
	void setObservations(ZmqObservations observations) {
		this.observations = new ListenerObservations(observations, this.listenerId, this.endpoint);
	}

	/** Sets who is told about each processed message, or {@code null} for nobody. */
	void setObserver(@Nullable ZmqListenerObserver observer) {
		this.observer = observer;
	}

	/**
	 * Calls the listener directly with a message built here (a replayed dead letter), on
	 * the caller's thread. Failures are thrown to the caller, not to the error handler.
	 */
	@Nullable Object invokeDirectly(ZmqMessage message) throws Exception {
		return this.listener.onMessage(message);
	}

	private byte[] toBytes(@Nullable Object result) {
		return (result != null) ? this.converter.toBytes(result) : EMPTY;
	}

	private void fail(List<byte[]> frames, @Nullable ZmqMessage message, @Nullable String description,
			Throwable cause) {
		this.statistics.error(description);
		try {
			this.errorHandler
				.handleError(new ZmqListenerException(this.listenerId, description, frames, message, cause));
		}
		catch (RuntimeException handlerFailure) {
			// The error handler's own failure must not stop the container either.
			org.apache.commons.logging.LogFactory.getLog(MessageProcessor.class)
				.error("Error handler of listener '" + this.listenerId + "' failed", handlerFailure);
		}
	}

	private byte[][] errorReply(List<byte[]> frames, @Nullable ZmqMessage message, String code, String text) {
		int envelope = (message != null) ? message.getEnvelope().size() : ZmqFrameDecoder.envelopeSize(frames);
		return reply(frames, envelope, ErrorReply.encode(code, text));
	}

	/** The reply of a listener's result: its payload frame, or the frames it gave. */
	private byte[][] replyOf(List<byte[]> frames, int envelope, @Nullable Object result) {
		if (!(result instanceof ReplyFrames given)) {
			return reply(frames, envelope, toBytes(result));
		}
		byte[][] body = given.frames();
		byte[][] reply = new byte[envelope + body.length][];
		for (int i = 0; i < envelope; i++) {
			reply[i] = frames.get(i);
		}
		System.arraycopy(body, 0, reply, envelope, body.length);
		return reply;
	}

	private static byte[][] reply(List<byte[]> frames, int envelope, byte[] payload) {
		byte[][] reply = new byte[envelope + 1][];
		for (int i = 0; i < envelope; i++) {
			reply[i] = frames.get(i);
		}
		reply[envelope] = payload;
		return reply;
	}

}
