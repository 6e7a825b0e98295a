/**
 * Test support for applications that use the starter: {@link AutoConfigureZmqTest} puts
 * every configured endpoint on {@code inproc}, and gives the test a {@link ZmqTestClient}
 * that plays the other side of any endpoint and a {@link ZmqListenerTestHarness} that
 * records what the application's listeners were called with.
 */
@NullMarked
package dev.zmqspring.test;

import org.jspecify.annotations.NullMarked;
