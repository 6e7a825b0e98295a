/**
 * Listener containers, their registry, the receive loops and the method adapter.
 */
@NullMarked
package dev.zmqspring.listener;

import org.jspecify.annotations.NullMarked;
