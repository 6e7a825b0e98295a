/**
 * Listener containers, their registry, the receive loops and the method adapter.
 */
package dev.zmqspring.listener;
