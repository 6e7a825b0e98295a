/**
 * The wire format: frames, headers, error replies and received messages.
 * <p>
 * Not API, public only because other packages of the starter use them (they may change in
 * any release): {@link ErrorReply}, {@link GroupFetchFrames}, {@link HeadersFrameCodec},
 * {@link HeadersJson}, {@link ZmqFrameDecoder} and {@link ZmqFrameEncoder}.
 */
@NullMarked
package dev.zmqspring.support;

import org.jspecify.annotations.NullMarked;
