/**
 * Endpoints, the socket factory and options, the senders that own sockets (and the
 * sockets of sending threads, for socket-per-thread), and ZmqTemplate.
 * <p>
 * Not API, public only because other packages of the starter use them (they may change in
 * any release): {@link EndpointReopener}, {@link EndpointSender},
 * {@link IoThreadCulprit}, {@link MessageFrameLimit}, {@link OpenSignal},
 * {@link PausedReads}, {@link PendingReopen}, {@link RepeatLimitedLog},
 * {@link SenderReopener}, {@link SocketSettings}, {@link SubscriptionLimit},
 * {@link ThreadTally}, {@link ZmqAddresses}, {@link ZmqShutdownDeadline} and
 * {@link CheckedThreadFactory}. {@link ZmqSenderRegistry}, {@link ZmqSocketFactory} and
 * {@link ZmqEndpointCatalog} are public so that an application may replace their beans.
 */
@NullMarked
package dev.zmqspring.core;

import org.jspecify.annotations.NullMarked;
